// What a refused input says of itself, the same at both doors (the till's dispatch and the
// ledger server's routes): the first broken field, and up to ten issues with their paths.
// The error catalogues name `field` in the message ("Saisie invalide : lines.0.quantity.").
import type { z } from 'zod';

export type InputIssue = { path: string; message: string };

/** A type, not an interface: it is a refusal's details (a Record). */
export type InputIssues = {
  /** The first broken field's path, or `(body)` when the input as a whole is wrong. */
  field: string;
  issues: InputIssue[];
};

/** How many issues a refusal lists at most (an array of 500 bad events is not 500 issues). */
export const inputIssuesMax = 10;

export function inputIssues(error: z.ZodError): InputIssues {
  const first = error.issues[0]?.path.map(String).join('.') ?? '';
  return {
    field: first || '(body)',
    issues: error.issues.slice(0, inputIssuesMax).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/** One issue not found by a schema (a body that is not JSON, a record naming another's body). */
export function inputIssue(path: string, message: string): InputIssues {
  return { field: path || '(body)', issues: [{ path, message }] };
}

/**
 * The issue of an input that holds a NUL character (U+0000) in any string or key, or null.
 * No field has a use for it and PostgreSQL's text refuses it: let through, it would fail a
 * statement on the server (a 500, or a till's push refused until someone edits its data).
 * Walked without recursion: a parsed body may nest deeper than the stack.
 */
export function nulIssue(input: unknown): InputIssues | null {
  const holdsNul = 'holds a NUL character (U+0000)';
  const stack: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (value.includes('\0')) return inputIssue(path, holdsNul);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], path: join(path, String(i)) });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value).reverse()) {
        if (key.includes('\0')) return inputIssue(join(path, key.replaceAll('\0', '\\u0000')), holdsNul);
        stack.push({ value: item, path: join(path, key) });
      }
    }
  }
  return null;
}

/** Whether JSON text may hold a NUL character: its only spelling there is the escape `\u0000`. */
export function mayHoldNul(jsonText: string): boolean {
  return jsonText.includes('\\u0000');
}
