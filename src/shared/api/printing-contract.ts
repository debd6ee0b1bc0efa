// The printing and cash-drawer methods of the contract (DESIGN C10): printers, the print
// queue, the drawer, receipt previews. Kept in their own file; contract.ts spreads them in.
import type { MethodSpec } from './contract.ts';

export const printingContract = {} as const satisfies Record<string, MethodSpec>;
