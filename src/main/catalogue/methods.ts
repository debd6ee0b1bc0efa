// The catalogue capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { getCatalogue } from './catalogue.ts';

export const catalogueMethods = {
  'catalogue.get': (ctx) => getCatalogue(ctx),
} satisfies MethodTable;
