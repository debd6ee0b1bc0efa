// The Electron door without the Electron binary: the security rules run under Node, the
// preload runs against a mock of the `electron` module (the narrowest seam), and the
// bundles are built and inspected.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl, isTrustedSender, rendererFileFor, webPreferencesFor } from './electron-security.ts';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args) },
}));

describe('the window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node', () => {
    expect(webPreferencesFor('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it.each([
    ['app://guichet/index.html', true],
    ['app://guichet/assets/x.js', true],
    ['app://evil/index.html', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (url, allowed) => {
    expect(isAppUrl(url)).toBe(allowed);
  });

  it('serves IPC only to the app’s own main frame', () => {
    expect(isTrustedSender('app://guichet/index.html', true)).toBe(true);
    expect(isTrustedSender('app://guichet/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });

  it('maps app:// paths into the renderer folder only', () => {
    expect(rendererFileFor('app://guichet/', '/r', join)).toBe('/r/index.html');
    expect(rendererFileFor('app://guichet/assets/a.js', '/r', join)).toBe('/r/assets/a.js');
    expect(rendererFileFor('app://guichet/..%2F..%2Fetc%2Fpasswd', '/r', join)).toBe('/r/etc/passwd');
  });
});

describe('the preload', () => {
  it('exposes one object whose call forwards to the main process', async () => {
    await import('./preload.ts');
    expect(Object.keys(exposed)).toEqual(['guichet']);
    const bridge = exposed.guichet as { call: (m: string, i: unknown, t: string | null) => Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['call']);
    await expect(bridge.call('auth.me', { a: 1 }, 'tok')).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoke).toHaveBeenCalledWith('guichet:call', 'auth.me', { a: 1 }, 'tok');
  });
});

describe('the bundles', () => {
  it('build, with a preload that requires only electron', () => {
    execFileSync('node', ['scripts/build-electron.mjs'], { stdio: 'pipe' });
    const preload = readFileSync('dist-electron/preload.cjs', 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    const main = readFileSync('dist-electron/main.cjs', 'utf8');
    const required = new Set([...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    // Node's own modules aside (bundled libraries name them without the node: prefix), only
    // the native modules and pdfkit stay outside the bundle
    const external = [...required].filter((r) => !r!.startsWith('node:') && !builtinModules.includes(r!));
    expect(external.sort()).toEqual(['better-sqlite3', 'electron', 'pdfkit', 'serialport', 'usb']);
    expect(main).toContain('guichet:call');
  });
});
