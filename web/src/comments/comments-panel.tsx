import { useEffect, useRef, useState } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { deleteComment, fetchComments, postComment } from '../api/endpoints';
import type { RowKey } from '../api/types';
import { useLiveComments, useSelf } from '../live/use-live-changes';
import { ErrorBanner } from '../ui/error-banner';
import { keyLabel } from '../ui/row-keys';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { commentKeyId } from './comment-key';
import { CommentText } from './comment-text';
import { MentionComposer } from './mention-composer';
import { RelativeTime } from './relative-time';

interface CommentsPanelProps {
  app: string;
  table: string;
  rowKey: RowKey;
  /** Writing is off (time travel, preview): the thread is shown, the box is not. */
  readOnlyNote?: string;
}

/** One row's comment thread, kept current live, with a box to write (and @mention) when the user may. */
export function CommentsPanel({ app, table, rowKey, readOnlyNote }: CommentsPanelProps) {
  const self = useSelf();
  const keyJson = JSON.stringify(rowKey);
  const loaded = useLoad((signal) => fetchComments(app, table, JSON.parse(keyJson) as RowKey, signal), [app, table, keyJson]);
  const thread = loaded.value;
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const error = actionError ?? loaded.error;

  // The newest comment is at the bottom, next to the box: keep it in view.
  const count = thread?.comments.length ?? 0;
  useEffect(() => {
    if (count && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [count]);

  useLiveComments((event) => {
    if (event === null) return loaded.retry();
    if (event.app === app && event.table === table && commentKeyId(event.key) === commentKeyId(JSON.parse(keyJson) as RowKey)) loaded.retry();
  });

  const send = async (text: string) => {
    setSending(true);
    try {
      const comment = await postComment(app, table, JSON.parse(keyJson) as RowKey, text);
      loaded.update((current) =>
        current && !current.comments.some((c) => c.id === comment.id) ? { ...current, comments: [...current.comments, comment] } : current,
      );
      setActionError(null);
      return true;
    } catch (err) {
      setActionError(toApiErrorLike(err));
      return false;
    } finally {
      setSending(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await deleteComment(app, table, id);
      loaded.update((current) => current && { ...current, comments: current.comments.filter((c) => c.id !== id) });
    } catch (err) {
      setActionError(toApiErrorLike(err));
    }
  };

  return (
    <section className="comments-panel" data-testid="comments-panel" aria-label="Comments">
      <header className="history-header">
        <div>
          <h3>Comments</h3>
          <p className="muted">{keyLabel(rowKey)}</p>
        </div>
        <RefreshDot active={loaded.loading && thread !== null} />
      </header>
      {error ? (
        <ErrorBanner error={error} onDismiss={actionError ? () => setActionError(null) : undefined} onRetry={actionError ? undefined : loaded.retry} />
      ) : null}
      {thread === null && !error ? <Skeleton lines={3} /> : null}
      {thread && thread.comments.length === 0 ? <p className="muted history-empty">No comments on this row yet.</p> : null}
      {thread && thread.comments.length > 0 ? (
        <ol className="comment-list" ref={list}>
          {thread.comments.map((comment) => (
            <li key={comment.id} className="comment" data-testid="comment" data-comment={comment.id}>
              <div className="comment-meta">
                <span className="comment-author" data-testid="comment-author">
                  {comment.displayName}
                </span>
                <span className="muted">
                  <RelativeTime iso={comment.createdAt} />
                </span>
                {comment.own ? (
                  <button
                    type="button"
                    className="btn btn-small btn-ghost comment-delete"
                    onClick={() => void remove(comment.id)}
                    aria-label="Delete your comment"
                    title="Delete your comment"
                  >
                    Delete
                  </button>
                ) : null}
              </div>
              <CommentText text={comment.text} self={self} />
            </li>
          ))}
        </ol>
      ) : null}
      {thread?.canComment && !readOnlyNote ? <MentionComposer app={app} sending={sending} onSend={send} /> : null}
      {thread && !thread.canComment ? <p className="muted history-note">You may read this thread but not comment on this row.</p> : null}
      {thread?.canComment && readOnlyNote ? <p className="muted history-note">{readOnlyNote}</p> : null}
    </section>
  );
}
