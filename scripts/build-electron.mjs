// Bundles the Electron main process and the preload into dist-electron/ (CommonJS).
// The preload is sandboxed, so it is one file that requires only `electron`; the main
// bundle keeps native modules external (better-sqlite3 is rebuilt for Electron's ABI
// when packaging, see electron-builder.yml).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: false, logLevel: 'warning' };

await build({ ...common, entryPoints: ['src/main/preload.ts'], outfile: 'dist-electron/preload.cjs', external: ['electron'] });
await build({
  ...common,
  entryPoints: ['src/main/main.ts'],
  outfile: 'dist-electron/main.cjs',
  // pdfkit reads its data files relative to import.meta.url, which a CommonJS bundle breaks
  external: ['electron', 'better-sqlite3', 'pdfkit', 'usb', 'serialport', '@serialport/*'],
});
console.log('dist-electron/main.cjs and dist-electron/preload.cjs built');
