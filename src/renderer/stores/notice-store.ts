// One message above the screens for what concerns the whole till (the till was closed
// under a cashier's feet, the login session expired), until dismissed.
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';

interface NoticeState {
  error: ApiError | null;
  show(error: ApiError): void;
  dismiss(): void;
}

export const useNotice = create<NoticeState>()((set) => ({
  error: null,
  show: (error) => set({ error }),
  dismiss: () => set({ error: null }),
}));
