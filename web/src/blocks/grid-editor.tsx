import { useContext, useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import {
  GridCellKind,
  type GridCell,
  type NumberCell,
  type ProvideEditorCallback,
  type ProvideEditorComponent,
  type TextCell,
} from '@glideapps/glide-data-grid';
import { EditStartContext } from './grid-edit-start';

type EditableCell = NumberCell | TextCell;
type Movement = readonly [-1 | 0 | 1, -1 | 0 | 1];

/** Digits with an optional sign and decimal point, accepted as the user types them. */
const PARTIAL_NUMBER = /^-?\d*\.?\d*$/;

export function parseNumberText(text: string): number | undefined {
  const cleaned = text.trim();
  if (cleaned === '' || cleaned === '-' || cleaned === '.' || cleaned === '-.') return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

function startText(cell: EditableCell): string {
  if (cell.kind === GridCellKind.Text) return cell.data;
  return cell.copyData ?? (cell.data === undefined ? '' : String(cell.data));
}

function toCell(cell: EditableCell, text: string): EditableCell {
  if (cell.kind === GridCellKind.Text) return { ...cell, data: text };
  // The exact digits ride along in copyData so DECIMAL values never pass through a float.
  return { ...cell, data: parseNumberText(text), copyData: text };
}

/**
 * Single-line editor for number and text cells.
 *
 * It commits Enter and Tab itself, from the text on screen: the grid's own overlay commits the
 * value from its last render, and a fast "type then Enter" could reach it before that render
 * happened, silently dropping the edit.
 */
const CellEditor: ProvideEditorComponent<EditableCell> = ({ value, onChange, onFinishedEditing, initialValue, isHighlighted }) => {
  const numeric = value.kind === GridCellKind.Number;
  const [text, setText] = useState(() => initialValue ?? startText(value));
  const textRef = useRef(text);
  const inputRef = useRef<HTMLInputElement>(null);
  const reportedInitial = useRef(false);
  const markEditStart = useContext(EditStartContext);
  const marked = useRef(false);

  useLayoutEffect(() => {
    if (marked.current) return;
    marked.current = true;
    markEditStart();
  }, [markEditStart]);

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    const end = input.value.length;
    input.setSelectionRange(isHighlighted ? 0 : end, end);
  }, [isHighlighted]);

  // Typing on a selected cell opens the editor with that keystroke; report it before anything commits.
  useLayoutEffect(() => {
    if (reportedInitial.current || initialValue === undefined) return;
    reportedInitial.current = true;
    onChange(toCell(value, initialValue));
  }, [initialValue, onChange, value]);

  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    const next = numeric ? event.target.value.replace(/[\s,]/g, '') : event.target.value;
    if (numeric && !PARTIAL_NUMBER.test(next)) return;
    textRef.current = next;
    setText(next);
    onChange(toCell(value, next));
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    let movement: Movement | undefined;
    if (event.key === 'Enter' && !event.shiftKey) movement = [0, 1];
    else if (event.key === 'Tab') movement = [event.shiftKey ? -1 : 1, 0];
    if (!movement) return;
    event.preventDefault();
    event.stopPropagation();
    onFinishedEditing(toCell(value, textRef.current), movement);
  };

  return (
    <input
      ref={inputRef}
      className={numeric ? 'gdg-input grid-cell-input grid-cell-input-number' : 'gdg-input grid-cell-input'}
      inputMode={numeric ? 'decimal' : 'text'}
      autoComplete="off"
      spellCheck={false}
      value={text}
      onChange={handleChange}
      onKeyDown={handleKeyDown}
    />
  );
};

export const provideCellEditor: ProvideEditorCallback<GridCell> = (cell) => {
  if (cell.kind !== GridCellKind.Number && cell.kind !== GridCellKind.Text) return undefined;
  if (cell.readonly) return undefined;
  return CellEditor as ProvideEditorComponent<GridCell>;
};
