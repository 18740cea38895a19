import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { fetchPeople } from '../api/endpoints';
import type { Person } from '../api/types';
import { mentionAtCaret } from './comment-key';

const MAX_LENGTH = 2000;

interface MentionComposerProps {
  app: string;
  sending: boolean;
  onSend: (text: string) => Promise<boolean>;
}

/**
 * The box to write a comment: typing `@` and part of a name lists people who may open the app
 * (arrows to choose, Enter or Tab to take, Escape to close); Ctrl/⌘+Enter sends.
 */
export function MentionComposer({ app, sending, onSend }: MentionComposerProps) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  /** People found for the `@…` being typed, and for which query: a list for an older query is never offered. */
  const [found, setFound] = useState<{ start: number; query: string; people: Person[] }>({ start: -1, query: '', people: [] });
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once a taken name is in the box (before the next keystroke lands). */
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const mention = mentionAtCaret(text, caret);
  const people = mention && found.start === mention.start && found.query === mention.query ? found.people : [];
  const open = mention !== null && dismissed !== mention.start && people.length > 0;

  useEffect(() => {
    if (!mention) return;
    const { start, query } = mention;
    const controller = new AbortController();
    fetchPeople(app, query, controller.signal)
      .then((list) => {
        setFound({ start, query, people: list });
        setActive(0);
      })
      .catch(() => setFound({ start, query, people: [] }));
    return () => controller.abort();
  }, [app, mention?.query, mention?.start]);

  const take = (person: Person) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${person.username} ${text.slice(caret)}`;
    const at = mention.start + person.username.length + 2;
    pendingCaret.current = at;
    setText(next);
    setCaret(at);
    setFound({ start: -1, query: '', people: [] });
  };

  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !box.current) return;
    pendingCaret.current = null;
    box.current.focus();
    box.current.setSelectionRange(at, at);
  }, [text]);

  const send = async () => {
    if (!text.trim() || sending) return;
    if (await onSend(text)) {
      setText('');
      setCaret(0);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + people.length) % people.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        take(people[active]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(mention.start);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const remaining = MAX_LENGTH - text.length;
  return (
    <form
      className="comment-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="comment-composer-box">
        <textarea
          ref={box}
          value={text}
          rows={3}
          maxLength={MAX_LENGTH}
          placeholder="Write a comment… @ to mention someone"
          aria-label="Write a comment"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          data-testid="comment-input"
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {open ? (
          <div className="mention-list" id={listId} role="listbox" aria-label="People" data-testid="mention-list">
            {people.map((person, i) => (
              <div
                key={person.username}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  take(person);
                }}
              >
                <span className="mention-name">{person.displayName}</span>
                <span className="muted">@{person.username}</span>
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <div className="comment-composer-actions">
        <span className={`muted comment-remaining${remaining < 100 ? ' low' : ''}`}>{remaining < 200 ? `${remaining} left` : ''}</span>
        <button type="submit" className="btn btn-small btn-primary" disabled={sending || !text.trim()} data-testid="comment-send">
          {sending ? 'Sending…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}
