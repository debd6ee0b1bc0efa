// What this till is: institution (currency, country, cash step), till name, denominations.
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import type { SystemInfo } from '../types.ts';
import { useLanguage } from './language-store.ts';

interface SystemState {
  info: SystemInfo | null;
  error: ApiError | null;
  load(): Promise<void>;
}

export const useSystem = create<SystemState>()((set) => ({
  info: null,
  error: null,
  async load() {
    const result = await call('system.info', {});
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    useLanguage.getState().adoptDefault(result.value.defaultLanguage);
    set({ info: result.value, error: null });
  },
}));
