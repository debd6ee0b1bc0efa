// `npm test`: typecheck, lint, renderer build, then every vitest project. Each of the
// first three counts as one test; the last line is the plain summary CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['tsx', 'scripts/lint.ts']],
  ['build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']],
];
let passed = 0;
let failed = 0;
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status === 0) passed += 1;
  else {
    failed += 1;
    console.log(`✗ ${name} failed`);
  }
}

console.log('\n▶ vitest');
rmSync('.tmp/vitest-summary.json', { force: true });
const extra = process.argv.slice(2);
const vitest = spawnSync('npx', ['vitest', 'run', ...extra], { stdio: 'inherit' });
if (existsSync('.tmp/vitest-summary.json')) {
  const summary = JSON.parse(readFileSync('.tmp/vitest-summary.json', 'utf8'));
  passed += summary.passed;
  failed += summary.failed;
  if (vitest.status !== 0 && summary.failed === 0) failed += 1; // vitest failed outside any test
} else {
  failed += 1;
  console.log('✗ vitest did not report');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
