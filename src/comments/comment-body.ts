import { AppError } from '../errors/index.js';

/** Longest comment, in characters (UTF-16 code units, as the browser counts them). */
export const MAX_COMMENT_LENGTH = 2000;

/**
 * `@username` where `@` starts the text or follows a character that cannot
 * be part of a name (so e-mail addresses are not mentions). Usernames are
 * letters, digits, `.`, `_` and `-`; a trailing `.` or `-` ends the sentence,
 * not the name.
 */
const MENTION = /(?<![\p{L}\p{N}._@-])@([\p{L}\p{N}_](?:[\p{L}\p{N}._-]*[\p{L}\p{N}_])?)/gu;

/** The usernames a text mentions, each once, in order of first mention. */
export function parseMentions(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(MENTION)) found.add(match[1]!);
  return [...found];
}

/** Where each mention sits in the text, for highlighting. */
export function mentionSpans(text: string): { start: number; end: number; username: string }[] {
  return [...text.matchAll(MENTION)].map((match) => ({ start: match.index, end: match.index + match[0].length, username: match[1]! }));
}

/**
 * The comment text as stored: line ends normalised, trailing spaces of the
 * whole text trimmed. Refused (`CMT_BODY_INVALID`) when empty or only spaces,
 * longer than `MAX_COMMENT_LENGTH`, or holding control characters other than
 * tab and line breaks.
 */
export function validateCommentBody(input: string): string {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) throw new AppError('CMT_BODY_INVALID', 'Write something: a comment cannot be empty.', { length: 0 });
  if (text.length > MAX_COMMENT_LENGTH) {
    throw new AppError('CMT_BODY_INVALID', `A comment is at most ${MAX_COMMENT_LENGTH} characters (this one has ${text.length}).`, {
      length: text.length,
      limit: MAX_COMMENT_LENGTH,
    });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw new AppError('CMT_BODY_INVALID', 'A comment may not contain control characters.', {});
  }
  return text;
}
