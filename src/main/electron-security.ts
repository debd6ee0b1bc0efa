// The desktop app's security rules, kept free of Electron imports so that they are
// tested under Node: window preferences, what may be navigated to, who may call IPC.
// (Electron security checklist; Actual's desktop-electron security.ts.)
import type { WebPreferences } from 'electron';

/** The renderer is served from this origin through a custom protocol, never file://. */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://guichet`;

export function webPreferencesFor(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Only the app's own pages: no navigation to the web, file:// or another scheme. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === 'guichet';
  } catch {
    return false;
  }
}

/** An IPC call is served only when it comes from the app's own top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

export const ipcChannel = 'guichet:call';

/**
 * Maps an app:// URL to a file of the built renderer; anything outside it (or a
 * folder) is the single-page app's index.html.
 */
export function rendererFileFor(url: string, rendererDir: string, join: (...parts: string[]) => string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  const safe = path.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
  return safe.length === 0 ? join(rendererDir, 'index.html') : join(rendererDir, ...safe);
}
