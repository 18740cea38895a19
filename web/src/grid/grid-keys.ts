/** The parts of a keydown that decide what it means to the grid. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * What a key pressed on the grid (not in a cell editor) asks for, as in a spreadsheet:
 * - `type`: a printable character starts editing the cell, replacing its content with the character;
 * - `compose`: a dead key or an input method starts editing and lets the browser compose the character;
 * - `edit`: F2 edits the cell's current content, caret at the end;
 * - `clear`: Delete and Backspace empty the selected cells;
 * - `move`: Enter moves down, Shift+Enter up (Tab and arrows are the grid's own);
 * - `undo` / `redo`: Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y (⌘ on macOS);
 * - `fill-down` / `fill-right`: Ctrl+D / Ctrl+R copy the first row / column of the selection over the rest.
 */
export type GridKeyAction =
  | { kind: 'type'; text: string }
  | { kind: 'compose' }
  | { kind: 'edit' }
  | { kind: 'clear' }
  | { kind: 'move'; dx: number; dy: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'fill-down' }
  | { kind: 'fill-right' };

export function classifyGridKey(press: KeyPress): GridKeyAction | null {
  const primary = press.ctrlKey || press.metaKey;
  // AltGr arrives as Ctrl+Alt on Windows and still types a character (€, @, {).
  const altGraph = press.ctrlKey && press.altKey && !press.metaKey;
  if (isPrintable(press.key) && (!primary || altGraph)) return { kind: 'type', text: press.key };
  if (press.key === 'Dead' || press.key === 'Process') return { kind: 'compose' };
  if (primary && !press.altKey) {
    const letter = press.key.toLowerCase();
    if (letter === 'z') return press.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (letter === 'y' && !press.shiftKey) return { kind: 'redo' };
    if (letter === 'd' && !press.shiftKey) return { kind: 'fill-down' };
    if (letter === 'r' && !press.shiftKey) return { kind: 'fill-right' };
    return null;
  }
  if (press.altKey || primary) return null;
  switch (press.key) {
    case 'F2':
      return { kind: 'edit' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'clear' };
    case 'Enter':
      return { kind: 'move', dx: 0, dy: press.shiftKey ? -1 : 1 };
    default:
      return null;
  }
}

/** One user-perceived character (a letter, a digit, a space, "é", "€", an emoji), not a named key. */
function isPrintable(key: string): boolean {
  if (key.length === 1) return key >= ' ' && key !== '\u007f';
  // Named keys are ASCII words ("Enter", "ArrowUp"); a character outside the BMP is two code units.
  return [...key].length === 1;
}
