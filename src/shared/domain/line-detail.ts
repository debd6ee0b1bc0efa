// A ticket line's detail as the sale stored it ("2026-12-08 20:00 · Grande salle", written
// once and never changed), read back to be shown in the language's own date format (issue
// 17): the screens and the receipt format its date and time, the hall stays as written.

export interface LineDetailParts {
  /** The performance's local start, "2026-12-08T20:00". */
  startsAtLocal: string;
  hall: string;
}

const stored = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) · (.*)$/s;

/** The start and hall of a stored ticket line detail; null for any other detail (an item's, a voucher's). */
export function lineDetailParts(detail: string): LineDetailParts | null {
  const match = stored.exec(detail);
  return match ? { startsAtLocal: `${match[1]}T${match[2]}`, hall: match[3]! } : null;
}

/** The detail with its start formatted by `formatStart`; any other detail as stored. */
export function lineDetailShown(detail: string, formatStart: (startsAtLocal: string) => string): string {
  const parts = lineDetailParts(detail);
  return parts ? `${formatStart(parts.startsAtLocal)} · ${parts.hall}` : detail;
}
