// Reports as files: the same data as on screen, as CSV or PDF (C15).
import { refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { Ctx } from './context.ts';

export function exportReport(_ctx: Ctx, _input: ParsedInputOf<'reports.export'>): Result<OutputOf<'reports.export'>> {
  return refuse('internal_error', { reason: 'export not built yet' });
}
