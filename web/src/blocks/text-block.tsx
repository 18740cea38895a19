import type { ReactNode } from 'react';
import type { TextBlockSpec } from '../api/types';
import { BlockFrame } from './block-frame';

export function TextBlock({ spec }: { spec: TextBlockSpec }) {
  return (
    <BlockFrame spec={spec}>
      <div className="prose">{renderMarkdown(spec.markdown)}</div>
    </BlockFrame>
  );
}

/**
 * A deliberately small subset (headings, paragraphs, bullet lists, **bold**, *italic*, `code`).
 * Everything is rendered as React text nodes, so HTML in the source is shown, never interpreted.
 */
function renderMarkdown(source: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  const blocks = source.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  blocks.forEach((block, i) => {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]?.trim() ?? '');
    if (heading) {
      // Page and block titles already use h1/h2, so markdown headings start at h3.
      const Tag = `h${Math.min((heading[1] ?? '#').length + 2, 6)}` as 'h3';
      nodes.push(<Tag key={`${i}h`}>{renderInline(heading[2] ?? '')}</Tag>);
      lines.shift();
    }
    if (!lines.length) return;
    if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
      nodes.push(
        <ul key={i}>
          {lines.map((line, j) => (
            <li key={j}>{renderInline(line.replace(/^\s*[-*]\s+/, ''))}</li>
          ))}
        </ul>,
      );
      return;
    }
    nodes.push(<p key={i}>{renderInline(lines.map((line) => line.trim()).join(' '))}</p>);
  });
  return nodes;
}

function renderInline(text: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`)/g);
  return parts.map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) {
      return <strong key={i}>{part.slice(2, -2)}</strong>;
    }
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) {
      return <code key={i}>{part.slice(1, -1)}</code>;
    }
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) {
      return <em key={i}>{part.slice(1, -1)}</em>;
    }
    return part;
  });
}
