import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode, type RefObject } from 'react';
import type { Item, Rectangle } from '@glideapps/glide-data-grid';

/** Where the selection goes after an edit: [columns, rows], e.g. [0, 1] after Enter. */
export type Movement = readonly [number, number];

/**
 * How an edit starts. `enter`: the person typed over the cell, so arrow keys finish the edit and
 * move (as in a spreadsheet); `edit`: F2 or a double-click, arrows move the caret.
 */
export interface EditorOpenRequest<T> {
  cell: Item;
  /** What the block needs at commit time, taken when the editor opens (the row may move meanwhile). */
  target: T;
  text: string;
  mode: 'enter' | 'edit';
  /** Select the whole text (a double-click) instead of putting the caret at the end. */
  selectAll: boolean;
  align: 'left' | 'right';
  /** Leave the keystroke that opened the editor to the browser (dead keys, input methods). */
  compose?: boolean;
}

export interface EditorSession<T> {
  cell: Item;
  target: T;
  mode: 'enter' | 'edit';
}

interface CellEditorOptions<T> {
  /** Positioned element the editor is placed in; focus moving anywhere inside it while editing comes back. */
  stage: RefObject<HTMLElement | null>;
  /** The cell's rectangle in viewport pixels, or undefined when it is not laid out. */
  boundsOf: (cell: Item) => Rectangle | undefined;
  /** Writes the text; a returned message keeps the editor open and shows it. */
  onCommit: (session: EditorSession<T>, text: string) => string | null;
  /** The editor closed (committed or cancelled): give the grid its focus back and move. */
  onClose: (session: EditorSession<T>, movement: Movement) => void;
  /** Shown under the editor while it is open (e.g. "changed by … meanwhile"). */
  notice?: (session: EditorSession<T>) => ReactNode;
}

/**
 * The grid's cell editor: one `<input>` that is always in the page, so that opening it and
 * focusing it happen synchronously in the keydown or mouse event that asks for it. No keystroke can
 * fall between "the editor was asked for" and "the editor has focus", whatever the typing speed:
 * the first character is written into the input by the same event, the next ones arrive in the
 * focused input. The value committed is the input's own text, never a copy from an earlier render.
 */
export function useCellEditor<T>(options: CellEditorOptions<T>) {
  const inputRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<EditorSession<T> | null>(null);
  const openedAt = useRef(0);
  const [session, setSession] = useState<EditorSession<T> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const place = useCallback((cell: Item) => {
    const box = boxRef.current;
    const stage = latest.current.stage.current;
    const bounds = latest.current.boundsOf(cell);
    if (!box || !stage || !bounds) return;
    const origin = stage.getBoundingClientRect();
    box.style.left = `${bounds.x - origin.left}px`;
    box.style.top = `${bounds.y - origin.top}px`;
    box.style.minWidth = `${bounds.width}px`;
    box.style.height = `${bounds.height}px`;
  }, []);

  const open = useCallback(
    (request: EditorOpenRequest<T>): boolean => {
      const input = inputRef.current;
      const box = boxRef.current;
      if (!input || !box) return false;
      const next: EditorSession<T> = { cell: request.cell, target: request.target, mode: request.mode };
      sessionRef.current = next;
      openedAt.current = performance.now();
      input.value = request.text;
      input.style.textAlign = request.align;
      box.classList.add('cell-editor-open');
      box.removeAttribute('aria-hidden');
      place(request.cell);
      input.focus({ preventScroll: true });
      if (request.selectAll) input.select();
      else input.setSelectionRange(input.value.length, input.value.length);
      setSession(next);
      setProblem(null);
      return true;
    },
    [place],
  );

  const close = useCallback((movement: Movement) => {
    const current = sessionRef.current;
    const input = inputRef.current;
    const box = boxRef.current;
    if (!current) return;
    sessionRef.current = null;
    if (box) {
      box.classList.remove('cell-editor-open');
      box.setAttribute('aria-hidden', 'true');
    }
    if (input) input.value = '';
    setSession(null);
    setProblem(null);
    latest.current.onClose(current, movement);
  }, []);

  /** Writes the input's text and closes; false (editor stays open) when the text cannot be written. */
  const commit = useCallback(
    (movement: Movement): boolean => {
      const current = sessionRef.current;
      const input = inputRef.current;
      if (!current || !input) return true;
      const message = latest.current.onCommit(current, input.value);
      if (message) {
        setProblem(message);
        input.focus({ preventScroll: true });
        return false;
      }
      close(movement);
      return true;
    },
    [close],
  );

  const cancel = useCallback(() => close([0, 0]), [close]);

  // A double-click that the grid already took as one (a click, then a quick click on the selected
  // cell) opens the editor on its first half; its second half then lands in the input and would
  // move the caret or select a word, so typing would no longer replace the whole value.
  const onMouseDown = (event: MouseEvent<HTMLInputElement>) => {
    if (sessionRef.current && performance.now() - openedAt.current < DOUBLE_CLICK_MS) event.preventDefault();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const current = sessionRef.current;
    if (!current || event.nativeEvent.isComposing) return;
    let handled = true;
    switch (event.key) {
      case 'Enter':
        if (event.altKey || event.ctrlKey || event.metaKey) handled = false;
        else commit([0, event.shiftKey ? -1 : 1]);
        break;
      case 'Tab':
        commit([event.shiftKey ? -1 : 1, 0]);
        break;
      case 'Escape':
        cancel();
        break;
      case 'ArrowUp':
      case 'ArrowDown':
      case 'ArrowLeft':
      case 'ArrowRight':
        if (current.mode === 'enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) commit(ARROWS[event.key] ?? [0, 0]);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    } else if (problem) {
      setProblem(null);
    }
  };

  // While editing: a pointer pressed outside the editor commits first (before the grid reacts to
  // it), and focus taken by anything inside the grid (its deferred focus calls) comes straight back.
  useEffect(() => {
    if (!session) return;
    const onPointerDown = (event: PointerEvent) => {
      const box = boxRef.current;
      if (!sessionRef.current || !box || box.contains(event.target as Node)) return;
      if (!commit([0, 0])) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      const input = inputRef.current;
      const stage = latest.current.stage.current;
      const target = event.target as Node | null;
      if (!sessionRef.current || !input || !stage || target === input || !target || !stage.contains(target)) return;
      if (boxRef.current?.contains(target)) return;
      input.focus({ preventScroll: true });
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn, true);
    };
  }, [session, commit]);

  /** Changes what the open edit will write against (e.g. "keep mine": expect the other writer's value). */
  const retarget = useCallback((update: (target: T) => T) => {
    const current = sessionRef.current;
    if (!current) return;
    const next = { ...current, target: update(current.target) };
    sessionRef.current = next;
    setSession(next);
    inputRef.current?.focus({ preventScroll: true });
  }, []);

  const reposition = useCallback(() => {
    const current = sessionRef.current;
    if (current) place(current.cell);
  }, [place]);

  const element = (
    <div ref={boxRef} className="cell-editor" aria-hidden="true" data-testid="cell-editor" data-open={session ? 'true' : 'false'}>
      <input
        ref={inputRef}
        className={problem ? 'cell-editor-input cell-editor-invalid' : 'cell-editor-input'}
        autoComplete="off"
        spellCheck={false}
        tabIndex={-1}
        aria-label="Cell value"
        aria-invalid={problem ? true : undefined}
        onKeyDown={onKeyDown}
        onMouseDown={onMouseDown}
      />
      {session && problem ? (
        <div className="cell-editor-problem" role="alert" data-testid="cell-editor-problem">
          {problem}
        </div>
      ) : null}
      {session && !problem && options.notice ? options.notice(session) : null}
    </div>
  );

  return {
    open,
    commit,
    cancel,
    retarget,
    reposition,
    session,
    isOpen: () => sessionRef.current !== null,
    current: () => sessionRef.current,
    element,
  };
}

/** The grid counts two clicks this close as a double-click. */
const DOUBLE_CLICK_MS = 500;

const ARROWS: Record<string, Movement> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

export type CellEditor<T> = ReturnType<typeof useCellEditor<T>>;
