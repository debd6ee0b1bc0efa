// The selling capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { checkout } from './checkout.ts';
import { holdForSale } from './hold.ts';
import { quote } from './quote.ts';

export const sellingMethods = {
  'sales.quote': quote,
  'sales.checkout': checkout,
  'sales.hold': holdForSale,
} satisfies MethodTable;
