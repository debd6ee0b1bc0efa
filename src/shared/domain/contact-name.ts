// A contact as the screens and their messages name it (issue 17 point 7): "Marie Dupont",
// first name first; an organisation by its name alone.
export function contactName(c: { name: string; firstName: string }): string {
  return c.firstName ? `${c.firstName} ${c.name}` : c.name;
}
