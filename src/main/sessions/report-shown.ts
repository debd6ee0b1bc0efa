// An X or Z report as the screens are answered it: with its lines section by section as the
// paper prints them (shared/domain/till-report-lines.ts), so the screen adds up nothing.
// The report stored at closing stays as it was signed off; the lines are made on answering.
import type { OutputOf } from '../../shared/api/contract.ts';
import { tillReportSections } from '../../shared/domain/till-report-lines.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { ok, type Result } from '../../shared/result.ts';

export function withSections(report: TillReport): OutputOf<'sessions.xReport'> {
  return { ...report, sections: tillReportSections(report) };
}

export function shownReport(result: Result<TillReport>): Result<OutputOf<'sessions.xReport'>> {
  return result.ok ? ok(withSections(result.value)) : result;
}
