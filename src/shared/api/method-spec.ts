// What one method of the contract is: its access, input and output schemas and a summary.
// The contract's parts (printing-contract.ts, sync-contract.ts) and contract.ts, which
// assembles them, all import this module and none imports another part: no import cycle,
// so the contract is whole whichever of its modules is loaded first.
import type { z } from 'zod';
import type { Permission } from '../permissions.ts';

/** `public`: no login needed; `login`: any logged-in user; else the named permission. */
export type Access = 'public' | 'login' | Permission;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O, summary: string): MethodSpec<I, O> {
  return { access, input, output, summary };
}
