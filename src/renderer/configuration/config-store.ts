// Which page of the administrator's Configuration area is open, and the record whose
// history a page asked to see.
import { create } from 'zustand';
import type { ConfigKind } from '../../shared/api/configuration-schemas.ts';

export const configPages = ['institution', 'vatRates', 'methods', 'pointsOfSale', 'catalogue', 'users', 'contacts', 'history'] as const;
export type ConfigPage = (typeof configPages)[number];

export interface HistoryTarget {
  kind: ConfigKind;
  id: string;
  /** What the record is called, for the page's title. */
  label: string;
}

interface ConfigState {
  page: ConfigPage;
  history: HistoryTarget | null;
  go(page: ConfigPage): void;
  /** Opens the history page on one record. */
  showHistory(target: HistoryTarget): void;
}

export const useConfig = create<ConfigState>()((set) => ({
  page: 'institution',
  history: null,
  go: (page) => set({ page }),
  showHistory: (history) => set({ page: 'history', history }),
}));
