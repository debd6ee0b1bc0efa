// Canonical JSON: sorted keys, no whitespace, integers only — the same bytes every time,
// so that a hash over it is stable across versions and machines.
import { assert } from './assert.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      assert(Number.isSafeInteger(value), `canonical JSON carries integers only, got ${value}`);
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const v = value[key];
        assert(v !== undefined, `canonical JSON has no undefined (key ${key})`);
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`not JSON: ${typeof value}`);
  }
}
