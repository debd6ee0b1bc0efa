// The server's migrations are listed in version order: the runner (migrations.ts) applies
// them in list order and takes the last one for the newest version it knows, so a version
// listed after a higher one would make the server refuse its own database at the next start.
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';

describe('the server migrations list', () => {
  it('is in strictly increasing version order, the newest last', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.at(-1)).toBe(Math.max(...versions));
  });
});
