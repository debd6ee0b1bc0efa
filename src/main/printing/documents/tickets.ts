// Tickets: one per seat, each cut from the next, with the event, the performance's date
// and hall, the tariff and price, the order number and the access-control code.
import { DocumentWriter } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { writeDuplicate } from './receipt.ts';
import { Words, type RenderContext } from './render-context.ts';

export interface TicketData {
  institutionName: string;
  orderNumber: string;
  tickets: readonly {
    barcode: string;
    eventName: string;
    startsAt: string;
    hall: string;
    tariffName: string;
    priceMinor: number;
    /** 1-based place in the order's tickets, and how many it has. */
    n: number;
    count: number;
  }[];
}

export function renderTickets(data: TicketData, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  for (const t of data.tickets) {
    w.line(data.institutionName, { align: 'center' });
    if (copyNumber > 0) writeDuplicate(w, words, copyNumber);
    w.line(words.t('ticket'), { align: 'center', bold: true });
    w.blank();
    w.paragraph(t.eventName, 'center');
    w.line(words.localDateTime(t.startsAt), { align: 'center', bold: true, tall: true });
    w.line(`${words.t('hall')} : ${t.hall}`, { align: 'center' });
    w.blank();
    w.pair(t.tariffName, words.money(t.priceMinor));
    w.pair(`${words.t('order')} ${data.orderNumber}`, words.t('ticketOf', { n: t.n, count: t.count }));
    w.blank();
    w.ticketCode(t.barcode);
    w.line(t.barcode, { align: 'center' });
    w.cut();
  }
  return w.bytes();
}
