// A printer's behaviour on the wire, simulated: it keeps what it receives and answers
// DLE EOT and GS a like an Epson TM would, from a state a test or a trainer sets (paper
// out, cover open, silent like a clone that never answers). Behind the virtual transport,
// and behind the tests' TCP socket and serial pseudo-terminal.

export interface SimulatedState {
  isCoverOpen: boolean;
  isPaperOut: boolean;
  isPaperNearEnd: boolean;
  isDrawerPinHigh: boolean;
  hasCutterError: boolean;
  /** Answers nothing at all (many clones). */
  isSilent: boolean;
}

export const readyState = (): SimulatedState => ({ isCoverOpen: false, isPaperOut: false, isPaperNearEnd: false, isDrawerPinHigh: false, hasCutterError: false, isSilent: false });

const flag = (on: boolean, bits: number) => (on ? bits : 0);

export class SimulatedPrinter {
  state: SimulatedState = readyState();
  /** Every byte received, status queries included, in order. */
  private chunks: Buffer[] = [];
  private carry: number[] = [];

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The bytes received with the status commands (DLE EOT n, GS a n) taken out. */
  get printedBytes(): Buffer {
    const all = this.received;
    const out: number[] = [];
    for (let i = 0; i < all.length; i++) {
      if (all[i] === 0x10 && all[i + 1] === 0x04 && all[i + 2]! >= 1 && all[i + 2]! <= 4) i += 2;
      else if (all[i] === 0x1d && all[i + 1] === 0x61 && (all[i + 2] === 0x00 || all[i + 2] === 0x0f || all[i + 2] === 0xff)) i += 2;
      else out.push(all[i]!);
    }
    return Buffer.from(out);
  }

  clear(): void {
    this.chunks = [];
    this.carry = [];
  }

  /** Takes a chunk from the host; returns what the printer answers. */
  feed(chunk: Uint8Array): Uint8Array {
    this.chunks.push(Buffer.from(chunk));
    const bytes = [...this.carry, ...chunk];
    const replies: number[] = [];
    let i = 0;
    for (; i < bytes.length; i++) {
      if (i + 2 >= bytes.length && (bytes[i] === 0x10 || bytes[i] === 0x1d)) break;
      if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) {
        const reply = this.reply(bytes[i + 2]!);
        if (reply !== null) replies.push(reply);
        i += 2;
      } else if (bytes[i] === 0x1d && bytes[i + 1] === 0x61) {
        if (bytes[i + 2] !== 0 && !this.state.isSilent) replies.push(...this.asbFrame());
        i += 2;
      }
    }
    this.carry = bytes.slice(i);
    return Uint8Array.from(replies);
  }

  reply(n: number): number | null {
    const s = this.state;
    if (s.isSilent) return null;
    const isOffline = s.isCoverOpen || s.isPaperOut || s.hasCutterError;
    // lint-allow: switch (over the DLE EOT request number: others get no answer)
    switch (n) {
      case 1: return 0x12 | flag(s.isDrawerPinHigh, 0x04) | flag(isOffline, 0x08);
      case 2: return 0x12 | flag(s.isCoverOpen, 0x04) | flag(s.isPaperOut, 0x20) | flag(s.hasCutterError, 0x40);
      case 3: return 0x12 | flag(s.hasCutterError, 0x08);
      case 4: return 0x12 | flag(s.isPaperNearEnd || s.isPaperOut, 0x0c) | flag(s.isPaperOut, 0x60);
      default: return null;
    }
  }

  asbFrame(): number[] {
    const s = this.state;
    const isOffline = s.isCoverOpen || s.isPaperOut || s.hasCutterError;
    return [
      0x10 | flag(s.isDrawerPinHigh, 0x04) | flag(isOffline, 0x08) | flag(s.isCoverOpen, 0x20),
      flag(s.hasCutterError, 0x08),
      flag(s.isPaperNearEnd || s.isPaperOut, 0x03) | flag(s.isPaperOut, 0x0c),
      0x00,
    ];
  }
}
