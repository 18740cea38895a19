import { useMemo, useState } from 'react';
import { changedPart, changedWithContext, definitionLines, diffLines } from './line-diff';

/**
 * A changed definition (an app or a project section) as a line diff: only the
 * changed lines with a little context, collapsed to a summary line.
 */
export function DefinitionDiff({ oldValue, newValue }: { oldValue: Record<string, unknown> | null; newValue: Record<string, unknown> | null }) {
  const [open, setOpen] = useState(false);
  const { lines, changed, part } = useMemo(() => {
    const all = diffLines(oldValue ? definitionLines(oldValue).join('\n') : '', newValue ? definitionLines(newValue).join('\n') : '');
    const added = all.filter((l) => l.op === '+').length;
    const removed = all.filter((l) => l.op === '-').length;
    return { lines: changedWithContext(all), changed: Math.max(added, removed), part: changedPart(oldValue, newValue).join('.') };
  }, [oldValue, newValue]);

  const summary = !oldValue ? 'added' : !newValue ? 'removed' : `${changed} line${changed === 1 ? '' : 's'} changed${part ? ` in ${part}` : ''}`;
  return (
    <div className="definition-diff" data-testid="definition-diff">
      <button type="button" className="link-button diff-summary" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="diff-summary">
        {open ? '▾' : '▸'} {summary}
      </button>
      {open ? (
        <div className="line-diff" data-testid="line-diff">
          {lines.map((line, i) =>
            line === null ? (
              <div key={i} className="line-diff-gap">
                ⋯
              </div>
            ) : (
              <div key={i} className={line.op === '+' ? 'line-add' : line.op === '-' ? 'line-del' : 'line-same'}>
                <span className="line-no">{line.oldLine ?? ''}</span>
                <span className="line-no">{line.newLine ?? ''}</span>
                <span className="line-op">{line.op}</span>
                <span className="line-text">{line.text}</span>
              </div>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
