// What a closing says of its count beside the amounts (issue 17): the comment on a
// variance, and the cash counted split between the float kept in the drawer and what goes
// to the bank. Checked by sessions.close, and by its preview for the split.
import type { ParsedInputOf } from '../../shared/api/contract.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';

type ClosingWords = Pick<TillReport, 'closingComment' | 'floatKeptMinor' | 'toBankMinor'>;

/**
 * Checks, in order: closing with a variance needs a comment (closing_comment_required; a
 * preview does not ask it yet); the float kept is at most the cash counted
 * (float_kept_exceeds_cash). Answers the report's comment and split (null when unsaid).
 */
export function checkClosingWords(report: TillReport, input: ParsedInputOf<'sessions.close'>, options: { isClosing: boolean }): Result<ClosingWords> {
  const comment = input.comment ?? '';
  if (options.isClosing && (report.totalVarianceMinor ?? 0) !== 0 && comment === '') return refuse('closing_comment_required', { totalVarianceMinor: report.totalVarianceMinor });
  const cashCountedMinor = report.methods.find((m) => m.type === 'cash')?.countedMinor ?? 0;
  if (input.floatKeptMinor !== undefined && input.floatKeptMinor > cashCountedMinor) {
    return refuse('float_kept_exceeds_cash', { floatKeptMinor: input.floatKeptMinor, countedMinor: cashCountedMinor });
  }
  const floatKeptMinor = input.floatKeptMinor ?? null;
  return ok({ closingComment: comment === '' ? null : comment, floatKeptMinor, toBankMinor: floatKeptMinor === null ? null : cashCountedMinor - floatKeptMinor });
}
