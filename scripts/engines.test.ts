// The Node version the README asks for (package.json engines, enforced by .npmrc's
// engine-strict) is one every installed dependency accepts: `npm install` on it prints no
// EBADENGINE warning and, engine-strict, cannot fail for it (issue 17 point 10). A
// dependency upgraded to one that wants a newer Node fails here first.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');

interface Manifest { name: string; version: string; engines?: { node?: string } }

function manifests(dir: string, found: Manifest[] = []): Manifest[] {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (name.startsWith('@')) {
      manifests(path, found);
      continue;
    }
    const file = join(path, 'package.json');
    if (!existsSync(file)) continue;
    found.push(JSON.parse(readFileSync(file, 'utf8')) as Manifest);
    manifests(join(path, 'node_modules'), found);
  }
  return found;
}

it('every installed dependency accepts the oldest Node the package allows, and the install is engine-strict', () => {
  const own = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
  const oldest = semver.minVersion(own.engines?.node ?? '');
  expect(oldest?.version).toBe('20.19.0');
  expect(readFileSync(join(repo, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  const installed = manifests(join(repo, 'node_modules'));
  expect(installed.length).toBeGreaterThan(100);
  const refusing = installed
    .filter((m) => m.engines?.node && !semver.satisfies(oldest!.version, m.engines.node))
    .map((m) => `${m.name}@${m.version} wants node ${m.engines!.node}`);
  expect(refusing).toEqual([]);
  // and the Node running this test is one the package allows
  expect(semver.satisfies(process.version, own.engines!.node!)).toBe(true);
});
