// `npm start`: the desktop app where Electron's binary is present; otherwise web mode on
// 127.0.0.1, with the URL printed. Both build the renderer first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWebMode } from '../src/main/web.ts';

/** The Electron executable if it was downloaded (it cannot be on machines without internet). */
function electronBinary(): string | null {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
const binary = process.env.GUICHET_WEB === '1' ? null : electronBinary();
if (binary) {
  run('node', ['scripts/build-electron.mjs']);
  const child = spawn(binary, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log("Electron n'est pas installé sur cette machine : Guichet démarre en mode web.");
  await runWebMode();
}
