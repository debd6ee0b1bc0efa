// The Electron main process: one window, locked down, the renderer from app://, and the
// contract served over IPC by the same dispatcher as web mode. Nothing else lives here.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session } from 'electron';
import { appOrigin, appScheme, ipcChannel, isAppUrl, isTrustedSender, rendererFileFor, webPreferencesFor } from './electron-security.ts';
import { openTill, envConfig, type Till } from './till.ts';
import type { KeyProtection } from './kernel/ledger/keys.ts';

protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Chromium's own controls (a date input's picker and its format) in the app's language, not the system's (issue 17)
app.commandLine.appendSwitch('lang', envConfig().language === 'en' ? 'en-CH' : 'fr-CH');

const mimeTypes: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };
const rendererDir = join(__dirname, '..', 'dist', 'renderer');
let till: Till | null = null;

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  protocol.handle(appScheme, (request) => {
    const file = rendererFileFor(request.url, rendererDir, join);
    const path = existsSync(file) ? file : join(rendererDir, 'index.html');
    return new Response(readFileSync(path), {
      headers: {
        'content-type': mimeTypes[extname(path)] ?? 'application/octet-stream',
        'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'",
      },
    });
  });
}

function serveContract(current: Till): void {
  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown, token: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame)) {
      return { ok: false, error: { code: 'not_permitted', message: 'untrusted sender' } };
    }
    // a promise: ipcMain.handle answers the renderer when it settles (asynchronous methods: issue 16)
    return current.dispatch.answer(String(method), input, typeof token === 'string' ? token : null);
  });
}

/**
 * safeStorage where the OS offers a real store; on Linux without a keyring Electron would
 * only obfuscate ('basic_text'), so the key stays a 0600 file there, said in the log.
 */
function osKeyProtection(): KeyProtection | undefined {
  const isWeak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || isWeak) {
    console.warn('[guichet] no OS key store: the journal signing key is kept as a 0600 file in the key folder');
    return undefined;
  }
  return { name: 'safe-storage', seal: (text) => safeStorage.encryptString(text), open: (sealed) => safeStorage.decryptString(sealed) };
}

async function start(): Promise<void> {
  await app.whenReady();
  const config = envConfig({ ...process.env, GUICHET_DATA_DIR: process.env.GUICHET_DATA_DIR || join(app.getPath('userData'), 'data') });
  // packaged, the fonts for PDF reports are in the resources folder (electron-builder.yml)
  if (app.isPackaged && !process.env.GUICHET_ASSETS_DIR) process.env.GUICHET_ASSETS_DIR = process.resourcesPath;
  // start-up self-check: the native module must match Electron's ABI (a Node build would fail here)
  console.log(`[guichet] electron ${process.versions.electron}, modules ABI ${process.versions.modules}, data ${config.dataDir}`);
  // the journal's signing key, sealed by the OS (Keychain, DPAPI, libsecret) in userData/keys
  const keyDir = process.env.GUICHET_KEY_DIR || join(app.getPath('userData'), 'keys');
  till = openTill({ ...config, keyDir, keyProtection: osKeyProtection() });
  lockDown();
  serveContract(till);
  const window = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    title: 'Guichet',
    show: false,
    webPreferences: webPreferencesFor(join(__dirname, 'preload.cjs')),
  });
  window.removeMenu();
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${appOrigin}/index.html`);
}

app.on('window-all-closed', () => {
  till?.close();
  till = null;
  app.quit();
});

start().catch((error: unknown) => {
  console.error('[guichet] start failed', error);
  app.exit(1);
});
