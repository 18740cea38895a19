import { describe, expect, it } from 'vitest';
import { classifyGridKey, type KeyPress } from './grid-keys';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('classifyGridKey', () => {
  it('starts typing with any printable character, ASCII or not', () => {
    for (const key of ['7', 'B', ' ', '-', '.', 'é', '€', 'ß', '😀']) {
      expect(classifyGridKey(press(key, { shiftKey: key === 'B' }))).toEqual({ kind: 'type', text: key });
    }
  });

  it('types AltGr characters (Ctrl+Alt on Windows) but not Ctrl shortcuts', () => {
    expect(classifyGridKey(press('€', { ctrlKey: true, altKey: true }))).toEqual({ kind: 'type', text: '€' });
    expect(classifyGridKey(press('c', { ctrlKey: true }))).toBeNull();
    expect(classifyGridKey(press('v', { metaKey: true }))).toBeNull();
  });

  it('hands dead keys and input methods to the editor', () => {
    expect(classifyGridKey(press('Dead'))).toEqual({ kind: 'compose' });
    expect(classifyGridKey(press('Process'))).toEqual({ kind: 'compose' });
  });

  it('maps spreadsheet keys', () => {
    expect(classifyGridKey(press('F2'))).toEqual({ kind: 'edit' });
    expect(classifyGridKey(press('Delete'))).toEqual({ kind: 'clear' });
    expect(classifyGridKey(press('Backspace'))).toEqual({ kind: 'clear' });
    expect(classifyGridKey(press('Enter'))).toEqual({ kind: 'move', dx: 0, dy: 1 });
    expect(classifyGridKey(press('Enter', { shiftKey: true }))).toEqual({ kind: 'move', dx: 0, dy: -1 });
    expect(classifyGridKey(press('Tab'))).toBeNull();
    expect(classifyGridKey(press('ArrowDown'))).toBeNull();
    expect(classifyGridKey(press('Escape'))).toBeNull();
  });

  it('maps undo, redo and fills on Ctrl and ⌘', () => {
    expect(classifyGridKey(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(classifyGridKey(press('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(classifyGridKey(press('z', { metaKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(classifyGridKey(press('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(classifyGridKey(press('d', { ctrlKey: true }))).toEqual({ kind: 'fill-down' });
    expect(classifyGridKey(press('r', { metaKey: true }))).toEqual({ kind: 'fill-right' });
  });
});
