// A contact as every screen, report, receipt and invoice names it (issue 17 point 7):
// "Marie Dupont", first name first; an organisation by its name alone.
export function contactName(c: { name: string; firstName: string }): string {
  return c.firstName ? `${c.firstName} ${c.name}` : c.name;
}

const collator = new Intl.Collator('fr');

/** The order of contacts in a list, whatever order shows them: name, then first name (French collation). */
export function byNameThenFirstName(a: { name: string; firstName: string }, b: { name: string; firstName: string }): number {
  return collator.compare(a.name, b.name) || collator.compare(a.firstName, b.firstName);
}
