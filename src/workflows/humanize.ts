/** A column, table or level name as people read it: `account_id` → "Account", `partner_review` → "Partner review", `cfo` → "CFO". */
export function humanize(name: string): string {
  if (/^[a-z]{1,3}$/i.test(name)) return name.toUpperCase();
  const words = name.replace(/_id$/i, '').replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}
