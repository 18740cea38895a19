import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { MAX_COMMENT_LENGTH, mentionSpans, parseMentions, validateCommentBody } from './comment-body.js';

describe('parseMentions', () => {
  it('finds each @username once, in order of first mention', () => {
    expect(parseMentions('@cfo please check, then @partner.de and @cfo again')).toEqual(['cfo', 'partner.de']);
  });

  it('ends a name before sentence punctuation and accepts names after brackets and line breaks', () => {
    expect(parseMentions('Thanks @ana. (@bob_2) ask\n@carl-x!')).toEqual(['ana', 'bob_2', 'carl-x']);
  });

  it('does not take e-mail addresses, a lone @ or @@ for mentions', () => {
    expect(parseMentions('mail ana@example.com or @ alone, @@bob, @-x')).toEqual([]);
  });

  it('gives the spans to highlight', () => {
    expect(mentionSpans('hi @ana!')).toEqual([{ start: 3, end: 7, username: 'ana' }]);
  });
});

describe('validateCommentBody', () => {
  const codeOf = (text: string) => {
    try {
      validateCommentBody(text);
      return 'ok';
    } catch (error) {
      return error instanceof AppError ? error.code : 'other';
    }
  };

  it('trims the text and normalises line ends', () => {
    expect(validateCommentBody('  line one\r\nline two \n')).toBe('line one\nline two');
  });

  it('refuses empty and blank text', () => {
    expect(codeOf('')).toBe('CMT_BODY_INVALID');
    expect(codeOf(' \n\t ')).toBe('CMT_BODY_INVALID');
  });

  it('accepts exactly the longest comment and refuses one character more', () => {
    expect(codeOf('x'.repeat(MAX_COMMENT_LENGTH))).toBe('ok');
    expect(codeOf('x'.repeat(MAX_COMMENT_LENGTH + 1))).toBe('CMT_BODY_INVALID');
  });

  it('refuses control characters but keeps tabs and line breaks', () => {
    expect(codeOf('bell\u0007')).toBe('CMT_BODY_INVALID');
    expect(codeOf('a\tb\nc')).toBe('ok');
  });
});
