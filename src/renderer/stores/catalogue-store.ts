// What this till sells (with remaining seats) and the payment methods it may take, and
// what the cashier has chosen in it (department, show, performance): kept from one sale to
// the next and across a search, so the next customer's tariffs are one tap away.
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import type { Catalogue, PaymentMethod } from '../types.ts';

export type Department = 'events' | 'items' | 'vouchers';

export interface CatalogueChoice {
  department: Department;
  /** null: the first show. */
  eventId: string | null;
  performanceId: string | null;
}

interface CatalogueState {
  catalogue: Catalogue | null;
  methods: PaymentMethod[];
  error: ApiError | null;
  choice: CatalogueChoice;
  choose(patch: Partial<CatalogueChoice>): void;
  load(): Promise<void>;
  forget(): void;
}

const noChoice: CatalogueChoice = { department: 'events', eventId: null, performanceId: null };

export const useCatalogue = create<CatalogueState>()((set) => ({
  catalogue: null,
  methods: [],
  error: null,
  choice: noChoice,
  choose: (patch) => set((s) => ({ choice: { ...s.choice, ...patch } })),
  async load() {
    const [catalogue, methods] = await Promise.all([call('catalogue.get', {}), call('paymentMethods.list', {})]);
    if (!catalogue.ok) return set({ error: catalogue.error });
    if (!methods.ok) return set({ error: methods.error });
    set({ catalogue: catalogue.value, methods: methods.value, error: null });
  },
  forget: () => set({ catalogue: null, methods: [], error: null, choice: noChoice }),
}));
