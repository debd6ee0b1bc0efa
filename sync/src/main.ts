// `npm run server`: the ledger server on PGlite in a data folder (no install needed), or on
// PostgreSQL when DATABASE_URL is set. GUICHET_SERVER_PORT (default 5180), GUICHET_SERVER_HOST
// (default 127.0.0.1), GUICHET_SERVER_DATA (PGlite's folder, default ./.guichet-server),
// GUICHET_ADMIN_KEY, GUICHET_DEMO=0 to start without the demo master data.
import { startServer } from './server.ts';

const env = process.env;
const server = await startServer({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.GUICHET_SERVER_DATA ?? './.guichet-server',
  port: Number(env.GUICHET_SERVER_PORT ?? 5180),
  host: env.GUICHET_SERVER_HOST ?? '127.0.0.1',
  adminKey: env.GUICHET_ADMIN_KEY,
  demo: env.GUICHET_DEMO !== '0',
});
console.log(`Guichet ledger server on ${server.url} (${server.store.engine}: ${server.store.location})`);
if (server.generatedAdminKey) {
  console.log(`Administrator key (shown once, keep it): ${server.generatedAdminKey}`);
}
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
