// The preload: exposes exactly one object, `window.guichet`, whose only function
// forwards a contract call to the main process. Sandboxed: it can require only electron.
import { contextBridge, ipcRenderer } from 'electron';
import type { GuichetBridge } from '../shared/api/contract.ts';
import type { Result } from '../shared/result.ts';

const ipcChannel = 'guichet:call'; // the same as electron-security.ts; a sandboxed preload imports no local module

const bridge = {
  call: (method: string, input: unknown, token: string | null) =>
    ipcRenderer.invoke(ipcChannel, String(method), input, token === null ? null : String(token)) as Promise<Result<unknown>>,
} satisfies GuichetBridge;

contextBridge.exposeInMainWorld('guichet', bridge);
