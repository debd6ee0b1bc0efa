// The configuration's files import each other without a circle (farm-studio found
// institution.ts ↔ vat.ts): a shared piece belongs below both, pure rules in shared/domain.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = dirname(fileURLToPath(import.meta.url));

/** Each file of the folder (tests aside) with the files of the folder it imports. */
function importsOf(): Map<string, string[]> {
  const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return new Map(files.map((f) => [f, [...readFileSync(join(folder, f), 'utf8').matchAll(/from '\.\/([\w-]+\.ts)'/g)].map((m) => m[1]!).filter((g) => files.includes(g))]));
}

/** The first circle found, as the files around it, or null. */
function circleOf(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    if (state.get(file) === 'done') return null;
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const found = visit(file);
    if (found) return found;
  }
  return null;
}

describe('the configuration folder', () => {
  it('has no import circle', () => {
    expect(circleOf(importsOf())).toBeNull();
  });
});
