// A throwaway PostgreSQL 15 cluster for the server's tests: initdb in a temporary folder,
// started by pg_ctl on a free loopback port (as the postgres user when we are root, as
// PostgreSQL refuses to run as root), one fresh database per test, removed at the end.
// The tests run it with fsync off (speed); the benchmarks durable, as in production.
// GUICHET_TEST_DATABASE_URL points the tests at an existing server instead. Missing
// binaries fail the tests: they are never skipped (.ci/run installs postgresql).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestCluster {
  /** A URL of a new, empty database on the cluster. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql): the server tests need it');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): void {
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

export interface TestClusterOptions {
  /**
   * Commits reach the disk as in production (fsync, synchronous_commit and full-page writes
   * on): the benchmarks. Without it the tests run with all three off, for speed — a test
   * checks what is stored, not whether it survives the machine losing power.
   */
  isDurable?: boolean;
  /** Extra server settings (`-c name=value`), e.g. pg_stat_statements while profiling. */
  settings?: Record<string, string>;
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const external = process.env.GUICHET_TEST_DATABASE_URL;
  if (external) return clusterAt(external, async () => {});
  const bin = binDir();
  const folder = mkdtempSync(join(tmpdir(), 'guichet-pg-'));
  chmodSync(folder, 0o777);
  const data = join(folder, 'data');
  if (asRoot) execFileSync('chown', ['postgres:postgres', folder]);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const durability = options.isDurable ? 'on' : 'off';
  const settings = { fsync: durability, synchronous_commit: durability, full_page_writes: durability, ...options.settings };
  const flags = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200 ${Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ')}`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', flags, '-l', join(folder, 'log'), '-w', 'start']);
  return clusterAt(`postgres://postgres@127.0.0.1:${port}/postgres`, async () => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

function clusterAt(adminUrl: string, stop: () => Promise<void>): TestCluster {
  let n = 0;
  return {
    async createDatabase() {
      n += 1;
      const name = `guichet_test_${process.pid}_${Date.now()}_${n}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}
