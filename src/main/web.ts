// `npm run dev:web` and the fallback of `npm start`: web mode from the environment.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { envConfig } from './till.ts';
import { startWebMode } from './http/server.ts';

const rootDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function runWebMode(): Promise<void> {
  const config = envConfig();
  const web = await startWebMode({ ...config, staticDir: join(rootDir, 'dist', 'renderer') });
  console.log(`Guichet (web mode) — données : ${config.dataDir} ; clé de signature du journal : ${config.keyDir}`);
  console.log(`Ouvrez ${web.url}`);
  const stop = () => {
    void web.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runWebMode().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
