// What this till sells (with remaining seats) and the payment methods it may take.
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import type { Catalogue, PaymentMethod } from '../types.ts';

interface CatalogueState {
  catalogue: Catalogue | null;
  methods: PaymentMethod[];
  error: ApiError | null;
  load(): Promise<void>;
  forget(): void;
}

export const useCatalogue = create<CatalogueState>()((set) => ({
  catalogue: null,
  methods: [],
  error: null,
  async load() {
    const [catalogue, methods] = await Promise.all([call('catalogue.get', {}), call('paymentMethods.list', {})]);
    if (!catalogue.ok) return set({ error: catalogue.error });
    if (!methods.ok) return set({ error: methods.error });
    set({ catalogue: catalogue.value, methods: methods.value, error: null });
  },
  forget: () => set({ catalogue: null, methods: [], error: null }),
}));
