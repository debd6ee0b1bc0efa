// A ledger server for tests, on either engine: PGlite in memory, or a fresh database of
// the test cluster. The clock is the test's; the administrator's key is fixed.
import { startServer, type RunningServer } from '../server.ts';
import type { Clock } from '../context.ts';
import type { TestCluster } from './postgres.ts';

export type TestEngine = 'pglite' | 'postgresql';
export const testEngines: readonly TestEngine[] = ['pglite', 'postgresql'];
export const testAdminKey = 'test-admin-key-0123456789';

export class TestClock implements Clock {
  constructor(public ms = Date.UTC(2026, 10, 24, 9, 0, 0)) {}
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestServerOptions {
  engine: TestEngine;
  cluster?: TestCluster;
  /** Reuse a PostgreSQL database (a second instance, or a restart). */
  databaseUrl?: string;
  clock?: Clock;
  demo?: boolean;
  logs?: string[];
  /** Every answer parsed against its route's output schema: on under vitest, off in the benchmarks. */
  checkOutputs?: boolean;
}

export async function startTestServer(options: TestServerOptions): Promise<RunningServer & { databaseUrl: string | undefined }> {
  let databaseUrl = options.databaseUrl;
  if (options.engine === 'postgresql' && !databaseUrl) {
    if (!options.cluster) throw new Error('a PostgreSQL test server needs the test cluster');
    databaseUrl = await options.cluster.createDatabase();
  }
  const server = await startServer({
    databaseUrl,
    dataDir: 'memory://',
    port: 0,
    adminKey: testAdminKey,
    demo: options.demo ?? true,
    clock: options.clock ?? new TestClock(),
    log: (message) => options.logs?.push(message),
    checkOutputs: options.checkOutputs ?? process.env.VITEST !== undefined,
  });
  return Object.assign(server, { databaseUrl });
}

/** A JSON request to the server; answers the status and the envelope. */
export async function call(url: string, method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const envelope = (await response.json()) as { ok: boolean; value?: any; error?: { code: string; message: string; details?: Record<string, unknown> } };
  return { status: response.status, ...envelope };
}

export const admin = (url: string, method: string, path: string, body?: unknown) => call(url, method, `/v1/admin${path}`, { token: testAdminKey, body });
