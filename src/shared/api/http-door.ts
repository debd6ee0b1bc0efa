// What both HTTP doors (the till's web mode and the ledger server) check before routing:
// a path whose percent-escapes decode (to no NUL); and for a body cut at the size limit,
// the header that closes its connection and the lingering close that lets the 413 through.

/**
 * Whether the request URL's path and query decode (`%` followed by two hex digits forming
 * UTF-8) to text without a NUL character. `GET /%` or `/%E0%A4%A` do not decode, and
 * `/v1/admin/tills/%00/head` names a till no text column can hold: the door answers 400
 * path_invalid, never a 500.
 */
export function isWellFormedPath(url: string): boolean {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const path = start === -1 ? '/' : url.slice(start);
  try {
    return !decodeURIComponent(path.split('#')[0]!.replaceAll('+', ' ')).includes('\0');
  } catch {
    return false;
  }
}

/** Sent with a 413: the client stops, and the server keeps nothing more of that body. */
export const closeConnectionHeaders = { Connection: 'close' } as const;

/** What the lingering close uses of Node's request (IncomingMessage): shared imports no Node module. */
interface CutRequest {
  readonly readableEnded: boolean;
  readonly socket: CutSocket | null;
  once(event: 'end', listener: () => void): unknown;
  on(event: 'data', listener: (chunk: { length: number }) => void): unknown;
  removeAllListeners(event: 'data'): unknown;
  resume(): unknown;
}

/** What it uses of the request's socket (net.Socket). */
interface CutSocket {
  readonly writableFinished: boolean;
  destroySoon(): void;
  destroy(): unknown;
  end(): unknown;
  once(event: 'end' | 'close' | 'finish', listener: () => void): unknown;
}

/** How long a door waits for more of a body it cut (reading and dropping it) before it closes the connection. */
export const lingerIdleMs = 2000;
/** How long it reads that rest at most in all (a slow client on a slow line gets its answer). */
export const lingerMs = 30_000;
/** How much of that rest it reads at most. */
export const lingerBytesMax = 64 * 1024 * 1024;

/**
 * Lets the connection of a request whose body the door cut close without losing the answer.
 * Node closes a socket as soon as a `Connection: close` answer is written; the body's bytes
 * still on their way (or unread) then make the kernel send a reset, which may reach the
 * client before it has read the 413 and drop it. Instead, once the answer is sent, the door
 * ends its side, reads and drops what still comes, and closes when the client ends its side,
 * the body ends, nothing came for `lingerIdleMs`, or after `lingerMs` or `lingerBytesMax` in
 * all (a refused connection costs no memory and ends). Node calls `destroySoon` once the
 * answer is written (a `Connection: close` answer). `env` is the request's Hono env:
 * @hono/node-server's `{ incoming, outgoing }`, absent when the app is called in-process (tests).
 */
export function lingerAfterCut(env: unknown): void {
  const incoming = (env as { incoming?: CutRequest } | undefined)?.incoming;
  const socket = incoming?.socket;
  if (!incoming || !socket) return;
  let isLingering = false;
  socket.destroySoon = () => {
    if (isLingering) return;
    isLingering = true;
    let droppedBytes = 0;
    const close = () => {
      clearTimeout(idle);
      clearTimeout(whole);
      if (socket.writableFinished) socket.destroy();
      else socket.once('finish', () => socket.destroy());
    };
    const idle = setTimeout(close, lingerIdleMs);
    const whole = setTimeout(close, lingerMs);
    idle.unref();
    whole.unref();
    socket.end();
    socket.once('end', close);
    socket.once('close', () => {
      clearTimeout(idle);
      clearTimeout(whole);
    });
    if (incoming.readableEnded) return close();
    incoming.once('end', close);
    // the body's reader stopped at the limit: nothing may keep what follows
    incoming.removeAllListeners('data');
    incoming.on('data', (chunk) => {
      droppedBytes += chunk.length;
      if (droppedBytes > lingerBytesMax) close();
      else idle.refresh();
    });
    incoming.resume();
  };
}
