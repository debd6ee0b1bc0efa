// The shape of one server migration: its version (recorded in server_migrations), its name and its SQL.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
