// Who is logged in on this window, and what they may do. The token lives for this
// window only (sessionStorage), so a reload keeps the login and a new window asks again.
import { create } from 'zustand';
import type { Refusal } from '../../shared/result.ts';
import { call, onAuthLost, setToken } from '../api-client.ts';
import type { Permission, UserSummary } from '../types.ts';
import { useBasket } from './basket-store.ts';
import { useCatalogue } from './catalogue-store.ts';
import { useNotice } from './notice-store.ts';
import { useTill } from './till-store.ts';
import { useUi } from './ui-store.ts';

const storageKey = 'guichet.token';

interface AuthState {
  user: UserSummary | null;
  permissions: readonly Permission[];
  isRestoring: boolean;
  login(userId: string, pin: string): Promise<Refusal | null>;
  logout(): Promise<void>;
  restore(): Promise<void>;
}

function remember(token: string | null): void {
  setToken(token);
  try {
    if (token) sessionStorage.setItem(storageKey, token);
    else sessionStorage.removeItem(storageKey);
  } catch {
    // storage refused: the login lasts until a reload
  }
}

/** Everything a user saw goes when they leave: the next one starts clean. */
function forgetEverything(): void {
  remember(null);
  useBasket.getState().clear();
  useBasket.setState({ invoiceDeferred: false });
  useCatalogue.getState().forget();
  useTill.getState().forget();
  useUi.setState({ screen: 'sell', isHelpOpen: false });
}

async function startWork(): Promise<Readonly<{ ok: boolean }>> {
  const me = await call('auth.me', {});
  if (!me.ok) return { ok: false };
  const can = (p: Permission) => me.value.permissions.includes(p);
  await useTill.getState().refresh();
  if (can('sale:read')) await useCatalogue.getState().load();
  const firstScreen = can('sale:sell') ? 'sell' : can('report:z') ? 'zReports' : can('devices:configure') ? 'printers' : 'sell';
  // the user shows (and the keys work) once the first screen is chosen: a key pressed at
  // once is not overridden by a screen chosen later
  useUi.setState({ screen: firstScreen });
  useAuth.setState({ user: me.value.user, permissions: me.value.permissions });
  return { ok: true };
}

export const useAuth = create<AuthState>()((set) => ({
  user: null,
  permissions: [],
  isRestoring: true,
  async login(userId, pin) {
    const result = await call('auth.login', { userId, pin });
    if (!result.ok) return result;
    remember(result.value.token);
    useNotice.getState().dismiss();
    await startWork();
    return null;
  },
  async logout() {
    await call('auth.logout', {});
    forgetEverything();
    set({ user: null, permissions: [] });
  },
  async restore() {
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(storageKey);
    } catch {
      token = null;
    }
    if (token) {
      setToken(token);
      const started = await startWork();
      if (!started.ok) remember(null);
    }
    set({ isRestoring: false });
  },
}));

onAuthLost(() => {
  forgetEverything();
  useAuth.setState({ user: null, permissions: [] });
  useNotice.getState().show({ code: 'session_expired', message: 'session_expired' });
});

export function useCan(permission: Permission): boolean {
  return useAuth((s) => s.permissions.includes(permission));
}
