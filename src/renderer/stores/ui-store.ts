// Which screen is shown, and the help overlay.
import { create } from 'zustand';

export const screens = ['sell', 'orders', 'credit', 'deferred', 'xReport', 'closing', 'zReports', 'accountReports', 'audit', 'sync', 'printQueue', 'printers', 'configuration'] as const;
export type Screen = (typeof screens)[number];

/** What a screen opens on when another screen sends the user there (an order, an account). */
export type ScreenTarget = { screen: 'orders'; orderId: string } | { screen: 'deferred'; contactId: string };

interface UiState {
  screen: Screen;
  isHelpOpen: boolean;
  /** Taken (and cleared) by the screen it names when it opens. */
  target: ScreenTarget | null;
  go(screen: Screen): void;
  open(target: ScreenTarget): void;
  takeTarget<S extends ScreenTarget['screen']>(screen: S): Extract<ScreenTarget, { screen: S }> | null;
  setHelpOpen(isOpen: boolean): void;
}

export const useUi = create<UiState>()((set, get) => ({
  screen: 'sell',
  isHelpOpen: false,
  target: null,
  go: (screen) => set({ screen, target: null }),
  open: (target) => set({ screen: target.screen, target }),
  takeTarget(screen) {
    const target = get().target;
    if (target?.screen !== screen) return null;
    set({ target: null });
    return target as Extract<ScreenTarget, { screen: typeof screen }>;
  },
  setHelpOpen: (isHelpOpen) => set({ isHelpOpen }),
}));
