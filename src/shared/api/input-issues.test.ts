// The NUL check both doors make before a schema reads an input: the path of the first text
// or key holding U+0000, through any depth, and nothing for the escape's look-alikes.
import { describe, expect, it } from 'vitest';
import { mayHoldNul, nulIssue } from './input-issues.ts';

const issue = (path: string) => ({ field: path || '(body)', issues: [{ path, message: 'holds a NUL character (U+0000)' }] });

describe('nulIssue', () => {
  it('names the first text holding a NUL, in the order of the input', () => {
    expect(nulIssue({ a: 'x', lines: [{ name: 'ok' }, { name: 'b\u0000' }], z: '\u0000' })).toEqual(issue('lines.1.name'));
    expect(nulIssue('\u0000')).toEqual(issue(''));
    expect(nulIssue({ ['k\u0000']: 1 })).toEqual(issue('k\\u0000'));
  });

  it('finds nothing in other values', () => {
    expect(nulIssue({ a: 1, b: null, c: [true, 'x\\u0000', { d: '' }] })).toBeNull();
    expect(nulIssue(undefined)).toBeNull();
  });

  it('walks an input nested deeper than the stack', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(nulIssue(deep)?.field).toBe(Array.from({ length: depth }, () => '0').join('.'));
  });
});

describe('mayHoldNul', () => {
  it('is true for JSON text whose parse may hold a NUL, false when it cannot', () => {
    expect(mayHoldNul(JSON.stringify({ a: 'x\u0000' }))).toBe(true);
    expect(mayHoldNul(JSON.stringify({ a: 'x' }))).toBe(false);
  });
});
