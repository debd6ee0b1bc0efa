// The English UI catalogue has exactly the French keys, and the same placeholders.
import { describe, expect, it } from 'vitest';
import { uiEn } from './ui-en.ts';
import { uiFr } from './ui-fr.ts';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('UI catalogues', () => {
  const fr = leaves(uiFr);
  const en = leaves(uiEn as Tree);

  it('have the same keys', () => {
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
  });

  it('use the same placeholders in both languages, and no string is empty', () => {
    for (const [key, text] of fr) {
      expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
      expect(text.trim(), key).not.toBe('');
      expect(en.get(key)!.trim(), key).not.toBe('');
    }
  });
});
