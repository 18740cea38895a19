import type { RowKey } from '../api/types';

/** A key's identity for comment lookups: the server sends 12 where the grid may hold "12" (BIGINT keys travel as strings). */
export function commentKeyId(key: RowKey): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((k) => [k, key[k] === null || key[k] === undefined ? null : String(key[k])]),
  );
}

/** `@username` as the server reads it: after a character that cannot be part of a name; a trailing `.` or `-` is not part of it. */
const MENTION = /(?<![\p{L}\p{N}._@-])@([\p{L}\p{N}_](?:[\p{L}\p{N}._-]*[\p{L}\p{N}_])?)/gu;

/** The text cut into plain parts and mentions, for highlighting. */
export function splitMentions(text: string): { text: string; mention?: string }[] {
  const parts: { text: string; mention?: string }[] = [];
  let at = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index) });
    parts.push({ text: match[0], mention: match[1] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** The `@partial` being typed just before the caret, if any. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|[^\p{L}\p{N}._@-])@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}
