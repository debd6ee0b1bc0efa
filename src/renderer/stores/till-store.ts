// The till session: open or closed, since when, the last Z number.
import { create } from 'zustand';
import type { Refusal } from '../../shared/result.ts';
import { call } from '../api-client.ts';
import type { Denomination, SessionState } from '../types.ts';

interface TillState {
  session: SessionState | null;
  refresh(): Promise<void>;
  open(float: Denomination[]): Promise<Refusal | null>;
  forget(): void;
}

export const useTill = create<TillState>()((set) => ({
  session: null,
  async refresh() {
    const result = await call('sessions.current', {});
    if (result.ok) set({ session: result.value });
  },
  async open(float) {
    const result = await call('sessions.open', { float });
    if (!result.ok) return result;
    set({ session: result.value });
    return null;
  },
  forget: () => set({ session: null }),
}));

export function useIsTillOpen(): boolean {
  return useTill((s) => s.session?.status === 'open');
}
