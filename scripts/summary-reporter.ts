// Writes the run's counts to .tmp/vitest-summary.json for scripts/test.mjs, which
// prints the plain "N passed, N failed" line CI reads (vitest's own summary is not read).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // a file that failed to load has no tests but is a failure
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed += 1;
    }
    failed += unhandledErrors.length;
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/vitest-summary.json', JSON.stringify({ passed, failed, skipped }));
  }
}
