// Which screen is shown, and the help overlay.
import { create } from 'zustand';

export const screens = ['sell', 'orders', 'credit', 'xReport', 'closing', 'zReports', 'accountReports', 'audit'] as const;
export type Screen = (typeof screens)[number];

interface UiState {
  screen: Screen;
  isHelpOpen: boolean;
  go(screen: Screen): void;
  setHelpOpen(isOpen: boolean): void;
}

export const useUi = create<UiState>()((set) => ({
  screen: 'sell',
  isHelpOpen: false,
  go: (screen) => set({ screen }),
  setHelpOpen: (isHelpOpen) => set({ isHelpOpen }),
}));
