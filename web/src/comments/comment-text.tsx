import { splitMentions } from './comment-key';

/** A comment's text with its @mentions highlighted (the signed-in user's own name more strongly). */
export function CommentText({ text, self }: { text: string; self: string }) {
  return (
    <p className="comment-text">
      {splitMentions(text).map((part, i) =>
        part.mention ? (
          <mark key={i} className={`mention${part.mention === self ? ' mention-self' : ''}`} data-testid="comment-mention">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
