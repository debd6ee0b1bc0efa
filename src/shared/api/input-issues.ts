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
