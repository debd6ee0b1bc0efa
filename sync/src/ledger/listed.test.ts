// A push's columns bound as one joined text (apply.ts listed) read back by PostgreSQL as the
// same values as the arrays they replace, whatever the values: separators, empty texts,
// nulls, quotes, backslashes, braces, 'NULL', one value or none. On PGlite and PostgreSQL 15.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.ts';
import { startTestServer, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { listed } from './apply.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

// texts made of the characters that matter to an array literal or to the joined text (PostgreSQL's text holds no U+0000)
const piece = fc.constantFrom(',', '\u0001', '"', '\\', '{', '}', ' ', 'NULL', 'a', 'é', '😀', '');
const text = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''));

describe.each(testEngines)('listed columns on %s', (engine: TestEngine) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ engine, cluster });
  });
  afterAll(async () => {
    await server.close();
  });

  const read = async (column: ReturnType<typeof listed>) => (await sql<{ v: (string | null)[] }>`SELECT ${column} AS v`.execute(server.store.db)).rows[0]!.v;

  it('reads back any texts and nulls, joined by a comma or by U+0001, as the array bound whole does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 8 }), fc.constantFrom(',', '\u0001'), async (values, separator) => {
        expect(await read(listed(values, 'text', separator))).toEqual(await read(sql`${values}::text[]`));
        expect(await read(listed(values, 'text', separator))).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it('reads back integers as int8 and int4', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.maxSafeInteger(), { maxLength: 8 }), fc.array(fc.integer(), { maxLength: 8 }), async (big, small) => {
        expect((await read(listed(big, 'int8'))).map(Number)).toEqual(big);
        expect(await read(listed(small, 'int4'))).toEqual(small);
      }),
      { numRuns: 30 },
    );
  });
});
