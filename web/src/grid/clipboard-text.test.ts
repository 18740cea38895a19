import { describe, expect, it } from 'vitest';
import { fillPattern, parseClipboardText, placePaste } from './clipboard-text';

describe('parseClipboardText', () => {
  it('reads tab-separated rows with a trailing line break, LF or CRLF', () => {
    expect(parseClipboardText('a\tb\n1\t2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseClipboardText('a\tb\r\n1\t2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseClipboardText('1,250.00')).toEqual([['1,250.00']]);
  });

  it('keeps empty cells and pads ragged rows', () => {
    expect(parseClipboardText('a\t\tc\n\tb\n')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
    ]);
    expect(parseClipboardText('\n')).toEqual([['']]);
    expect(parseClipboardText('')).toEqual([]);
  });

  it('reads quoted cells holding tabs, line breaks and quotes as spreadsheets write them', () => {
    expect(parseClipboardText('"two\nlines"\t"say ""hi"""\tplain\n')).toEqual([['two\nlines', 'say "hi"', 'plain']]);
    expect(parseClipboardText('"a\tb"\tc')).toEqual([['a\tb', 'c']]);
  });

  it('treats a quote that does not close a cell as text', () => {
    expect(parseClipboardText('"5" inch\tx')).toEqual([['"5" inch', 'x']]);
    expect(parseClipboardText('12" pipe')).toEqual([['12" pipe']]);
  });
});

describe('placePaste', () => {
  const block = [
    ['1', '2'],
    ['3', '4'],
  ];

  it('lands at the selection at its own size', () => {
    expect(placePaste(block, { x: 3, y: 5, width: 1, height: 1 })).toEqual({ x: 3, y: 5, cells: block });
    expect(placePaste(block, { x: 3, y: 5, width: 3, height: 3 })).toEqual({ x: 3, y: 5, cells: block });
  });

  it('repeats over a selection that is a whole multiple of it', () => {
    expect(placePaste([['x']], { x: 0, y: 0, width: 1, height: 3 }).cells).toEqual([['x'], ['x'], ['x']]);
    expect(placePaste(block, { x: 0, y: 0, width: 2, height: 4 }).cells).toEqual([...block, ...block]);
  });
});

describe('fillPattern', () => {
  it('fills down from the first row (Ctrl+D)', () => {
    expect(fillPattern([['a', 'b']], { x: 1, y: 2, width: 2, height: 1 }, { x: 1, y: 2, width: 2, height: 3 })).toEqual([
      { col: 1, row: 3, value: 'a' },
      { col: 2, row: 3, value: 'b' },
      { col: 1, row: 4, value: 'a' },
      { col: 2, row: 4, value: 'b' },
    ]);
  });

  it('repeats a two-row pattern, and fills upward and to the right', () => {
    const down = fillPattern([['1'], ['2']], { x: 0, y: 0, width: 1, height: 2 }, { x: 0, y: 0, width: 1, height: 5 });
    expect(down.map((c) => c.value)).toEqual(['1', '2', '1']);
    const up = fillPattern([['1'], ['2']], { x: 0, y: 3, width: 1, height: 2 }, { x: 0, y: 1, width: 1, height: 4 });
    expect(up).toEqual([
      { col: 0, row: 1, value: '1' },
      { col: 0, row: 2, value: '2' },
    ]);
    const right = fillPattern([['q']], { x: 0, y: 0, width: 1, height: 1 }, { x: 0, y: 0, width: 3, height: 1 });
    expect(right).toEqual([
      { col: 1, row: 0, value: 'q' },
      { col: 2, row: 0, value: 'q' },
    ]);
  });
});
