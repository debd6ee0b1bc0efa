// Canonical JSON: sorted keys, no whitespace, integers only — the same bytes every time,
// so that a hash over it is stable across versions and machines.
import { assert } from './assert.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: Json): string {
  if (value === null) return 'null';
  // lint-allow: switch (over typeof: the default branch refuses what JSON cannot hold)
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // the message is built only when it is needed: this runs for every number of every entry
      if (!Number.isSafeInteger(value)) assert(false, `canonical JSON carries integers only, got ${value}`);
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      // concatenated, not joined: a journal entry is hashed on every sale (no part arrays)
      let out: string;
      if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalJson(value[i]!);
        return `${out}]`;
      }
      const keys = Object.keys(value).sort();
      out = '{';
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i]!;
        const v = value[key];
        if (v === undefined) assert(false, `canonical JSON has no undefined (key ${key})`);
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`not JSON: ${typeof value}`);
  }
}
