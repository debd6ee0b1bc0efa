// The lint's rule "the renderer computes no money" (STYLE.md §6): in src/renderer, no
// arithmetic on an amount (a …Minor value with + - * / %, a sum by reduce, Math.min/max/abs/
// round… of one) and no import of the shared modules that compute money. Every amount a
// screen shows comes from a service's answer. A line that only formats (a magnitude shown
// with its sign in words) says so: "lint-allow: money (why)" on it or the line before.

/** Shared modules that compute amounts: the services call them, the screens show their results. */
const moneyModules = /shared\/(?:money\/(?:cash|bounded|money)|domain\/(?:tender|postings|vat|accounts|till-report-lines))(?:\.ts)?$/;

const amountThenOperator = /\b[A-Za-z_$][\w$]*Minor\b\s*[-+*/%]=?(?![-+>=])/;
const operatorThenAmount = /(?:[-+*%]|(?<![<*/])\/(?![/*>]))=?\s*(?:\(\s*)*(?:[\w$]+(?:\?\.|!?\.))*[\w$]*Minor\b/;
const mathOnAmount = /\bMath\.(?:min|max|abs|round|floor|ceil|trunc|sign)\([^)]*Minor\b/;
const sumOfAmounts = /\.reduce\([^;]*Minor\b/;

/**
 * The text with comments and string contents blanked (template literals keep their ${…}),
 * line breaks kept: what is left is code. A string cut by a line break ends there (a regex
 * literal with a quote in it costs one line, not the file).
 */
export function codeOnly(text: string): string {
  let out = '';
  const templates: number[] = []; // brace depth at which each open template's ${ started
  let depth = 0;
  let i = 0;
  const blankUntil = (end: number) => {
    out += text.slice(i, end).replace(/[^\n]/g, ' ');
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blankUntil(end === -1 ? text.length : end);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      blankUntil(end === -1 ? text.length : end + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += c;
      i += 1;
      blankUntil(Math.min(j, text.length));
      if (text[i] === c) {
        out += c;
        i += 1;
      }
    } else if (c === '`' || (c === '}' && templates.at(-1) === depth)) {
      // template text up to its end or the next ${
      if (c === '}') templates.pop();
      out += c;
      i += 1;
      let j = i;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      blankUntil(Math.min(j, text.length));
      if (text[i] === '$') {
        templates.push(depth);
        out += '${';
        i += 2;
      } else if (text[i] === '`') {
        out += '`';
        i += 1;
      }
    } else {
      if (c === '{') depth += 1;
      else if (c === '}') depth -= 1;
      out += c;
      i += 1;
    }
  }
  return out;
}

const isAllowed = (line: string | undefined) => line !== undefined && /lint-allow: money \(\S[^)]*\)/.test(line);

/** The findings of the rule in one renderer file (not a test). */
export function rendererMoneyFindings(rel: string, text: string): string[] {
  const findings: string[] = [];
  const lines = text.split('\n');
  codeOnly(text)
    .split('\n')
    .forEach((code, i) => {
      if (isAllowed(lines[i]) || isAllowed(lines[i - 1])) return;
      const where = `${rel}:${i + 1}`;
      const spec = /\bfrom\s+['"]([^'"]+)['"]/.exec(lines[i] ?? '')?.[1];
      if (spec !== undefined && moneyModules.test(spec)) {
        findings.push(`${where}: imports ${spec} — the renderer computes no money (STYLE.md §6): the services give every amount`);
      } else if (amountThenOperator.test(code) || operatorThenAmount.test(code) || mathOnAmount.test(code) || sumOfAmounts.test(code)) {
        findings.push(`${where}: arithmetic on an amount — the renderer computes no money (STYLE.md §6): take it from the service's answer, or mark a line that only formats "lint-allow: money (why)"`);
      }
    });
  return findings;
}
