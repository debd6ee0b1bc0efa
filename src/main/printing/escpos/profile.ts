// A printer profile: what shapes the bytes of a document (width, code page, ticket code),
// as opposed to how the bytes travel (the transport).
import type { z } from 'zod';
import type { codePages, Printer, ticketCodeKinds } from '../../../shared/api/printing-schemas.ts';
import { codePageInfo } from './code-pages.ts';

export type CodePage = (typeof codePages)[number];
export type TicketCodeKind = (typeof ticketCodeKinds)[number];

export interface PrintProfile {
  widthMm: 58 | 80;
  /** Characters per line in font A (12 × 24 dots). */
  columns: number;
  codePage: CodePage;
  codePageNumber: number;
  ticketCode: TicketCodeKind;
}

/** 58 mm paper has 384 printable dots (32 columns of 12), 80 mm has 576 (48). */
export function defaultColumns(widthMm: 58 | 80): number {
  return widthMm === 58 ? 32 : 48;
}

export const defaultProfile: PrintProfile = { widthMm: 80, columns: 48, codePage: 'cp858', codePageNumber: codePageInfo.cp858.epsonNumber, ticketCode: 'qr' };

export function profileOf(printer: Pick<z.infer<typeof Printer>, 'widthMm' | 'columns' | 'codePage' | 'codePageNumber' | 'ticketCode'>): PrintProfile {
  return { widthMm: printer.widthMm, columns: printer.columns, codePage: printer.codePage, codePageNumber: printer.codePageNumber, ticketCode: printer.ticketCode };
}

/** Printable width in dots at 203 dpi. */
export function dotsWide(profile: PrintProfile): number {
  return profile.columns * 12;
}
