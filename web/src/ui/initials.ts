/** Up to two initials of a name, for an avatar: "Ann Example" reads "AE". */
export function initials(name: string): string {
  return name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

const PERSON_COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4d7c0f'] as const;

/** A colour that stays the same for a person everywhere (avatar, the row they edit). */
export function personColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PERSON_COLORS[Math.abs(hash) % PERSON_COLORS.length]!;
}
