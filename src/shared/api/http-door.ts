// What both HTTP doors (the till's web mode and the ledger server) check before routing:
// a path whose percent-escapes decode, and the header that closes a connection whose body
// was cut at the size limit (the rest of a streamed body is never read).

/**
 * Whether the request URL's path and query decode (`%` followed by two hex digits forming
 * UTF-8). `GET /%` or `/%E0%A4%A` do not: the door answers 400 path_invalid, never a 500.
 */
export function isWellFormedPath(url: string): boolean {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const path = start === -1 ? '/' : url.slice(start);
  try {
    decodeURIComponent(path.split('#')[0]!.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/** Sent with a 413: the client stops, and the server reads nothing more of that body. */
export const closeConnectionHeaders = { Connection: 'close' } as const;
