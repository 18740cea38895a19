import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';

export type MoveDirection = 'up' | 'down' | 'left' | 'right';

interface MatrixInputProps {
  row: number;
  col: number;
  /** The value as shown (formatted); typing replaces it. */
  display: string;
  label: string;
  /** Why the cell cannot be typed into, or null. */
  locked: string | null;
  className: string;
  /** Hover text: the error, who changed it, why it is locked, what typing does. */
  title?: string;
  onCommit: (text: string) => void;
  onMove: (direction: MoveDirection) => void;
}

/**
 * One matrix cell: always a real text input, so every keystroke lands in it
 * whatever the selection state (no editor opening after the first key). A
 * click selects the whole value, so typing replaces it as in a spreadsheet;
 * a second click places the caret. Enter saves and moves down, Tab right,
 * Escape puts the value back; arrows move between cells unless the caret is
 * inside a value being edited.
 */
export function MatrixInput({ row, col, display, label, locked, className, title, onCommit, onMove }: MatrixInputProps) {
  const [draft, setDraftState] = useState<string | null>(null);
  // The draft as of the last event, read by the handlers of the same event (Enter then blur commit once).
  const draftRef = useRef<string | null>(null);
  const setDraft = (value: string | null) => {
    draftRef.current = value;
    setDraftState(value);
  };
  const text = draft ?? display;

  const commit = () => {
    const typed = draftRef.current;
    setDraft(null);
    if (typed !== null && typed !== display) onCommit(typed);
  };

  const onMouseDown = (e: MouseEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    if (document.activeElement === input) return;
    e.preventDefault();
    input.focus();
    input.select();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        commit();
        onMove(e.shiftKey ? 'up' : 'down');
        return;
      case 'Escape':
        e.preventDefault();
        setDraft(null);
        requestAnimationFrame(() => input.select());
        return;
      case 'ArrowUp':
      case 'ArrowDown':
        e.preventDefault();
        commit();
        onMove(e.key === 'ArrowUp' ? 'up' : 'down');
        return;
      case 'ArrowLeft':
        if (all || draftRef.current === null || input.selectionEnd === 0) {
          e.preventDefault();
          commit();
          onMove('left');
        }
        return;
      case 'ArrowRight':
        if (all || draftRef.current === null || input.selectionStart === input.value.length) {
          e.preventDefault();
          commit();
          onMove('right');
        }
        return;
      default:
        return;
    }
  };

  return (
    <input
      className={className}
      value={text}
      readOnly={locked !== null}
      aria-readonly={locked !== null}
      aria-label={label}
      title={title}
      inputMode="decimal"
      spellCheck={false}
      autoComplete="off"
      data-r={row}
      data-c={col}
      onMouseDown={onMouseDown}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
