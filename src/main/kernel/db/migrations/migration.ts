// The shape of one migration: its version (PRAGMA user_version after it), its name and its SQL.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
