// A test file's throwaway PostgreSQL 15 cluster: started before its tests (initdb and
// pg_ctl in a temporary folder, see postgres.ts), stopped after them. Only for test files:
// it registers vitest hooks.
import { afterAll, beforeAll } from 'vitest';
import { startTestCluster, type TestCluster } from './postgres.ts';

export function useTestCluster(onStarted: (cluster: TestCluster) => void): void {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster();
    onStarted(cluster);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
}
