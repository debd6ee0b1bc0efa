// Printing (DESIGN Quality bars: a receipt's bytes in under 1 ms, a 40-line receipt under
// 2 KB with the logo kept in the printer): building the bytes of a 40-line receipt and of a
// 10-ticket order, the virtual printer's preview of the receipt, and the time the receipt
// takes on a serial line at 9 600, 38 400 and 115 200 baud (8N1: 10 bits a byte).
import { renderReceipt } from '../../src/main/printing/index.ts';
import { referenceContext, referenceReceipt } from '../../src/main/printing/index.ts';
import { renderTickets, type TicketData } from '../../src/main/printing/index.ts';
import { defaultProfile } from '../../src/main/printing/index.ts';
import { renderBytes } from '../../src/main/printing/index.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { summarise, timeMs } from '../stats.ts';

/** The reference receipt with 11 more items: 40 printed lines of text (blank feeds aside), 14 items sold. */
const receipt = referenceReceipt(11);
const tickets: TicketData = {
  institutionName: 'Théâtre du Léman',
  orderNumber: 'G1-000042',
  tickets: Array.from({ length: 10 }, (_, i) => ({
    barcode: String(4305788300170842 + i * 7919),
    eventName: 'Le Misanthrope - Molière',
    startsAt: '2026-11-27T20:00',
    hall: 'Grande salle',
    tariffName: 'Plein tarif',
    priceMinor: 4500,
    n: i + 1,
    count: 10,
  })),
};

function median(run: () => void, times: number): number {
  for (let i = 0; i < 50; i++) run();
  return summarise(Array.from({ length: times }, () => timeMs(run))).p50Ms;
}

export const printingCase: BenchCase = {
  name: 'printing',
  description: 'receipt and ticket bytes, preview, serial transfer times',
  run(options) {
    const figures: Figure[] = [];
    const bytes = renderReceipt(receipt, defaultProfile, referenceContext, 0);
    const text = Buffer.from(renderBytes(bytes, 48).text, 'latin1');
    const receiptMs = median(() => renderReceipt(receipt, defaultProfile, referenceContext, 0), 2000);
    const floorMs = median(() => Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(text)]), 2000);
    figures.push(figure('printing.receipt_40_lines.build', 'ms', receiptMs, floorMs, { bar: { text: '< 1 ms', isMet: receiptMs < 1 }, note: 'median of 2000; baseline: copying the same printed text into a buffer' }));
    figures.push(figure('printing.receipt_40_lines.size', 'bytes', bytes.length, text.length, { bar: { text: '< 2 KB (2048 bytes)', isMet: bytes.length < 2048 }, note: 'at 48 columns (80 mm); baseline: the printed text alone, padding spaces included' }));
    const ticketsBytes = renderTickets(tickets, defaultProfile, referenceContext, 0);
    const ticketsMs = median(() => renderTickets(tickets, defaultProfile, referenceContext, 0), 500);
    figures.push(figure('printing.tickets_10.build', 'ms', ticketsMs, receiptMs, { note: `10 tickets with QR codes, ${ticketsBytes.length} bytes; baseline: the 40-line receipt` }));
    const previewMs = median(() => renderBytes(bytes, 48), 50);
    figures.push(figure('printing.receipt_40_lines.preview', 'ms', previewMs, receiptMs, { note: 'virtual printer: decode, lay out, PNG; baseline: building the bytes' }));
    for (const baud of [9600, 38400, 115200]) {
      const seconds = (bytes.length * 10) / baud;
      figures.push(figure(`printing.receipt_40_lines.serial_${baud}`, 's', seconds, null, { note: `${bytes.length} bytes × 10 bits (8N1) / ${baud} baud` }));
    }
    options.log(`receipt ${bytes.length} bytes in ${receiptMs.toFixed(3)} ms; 10 tickets ${ticketsBytes.length} bytes in ${ticketsMs.toFixed(3)} ms`);
    return figures;
  },
};
