import { useEffect, useRef, useState, type ReactNode } from 'react';
import { saveFile, toApiErrorLike } from '../api/client';
import { Spinner } from '../ui/spinner';
import { useToasts } from '../ui/toasts';

export interface MenuChoice {
  id: string;
  label: string;
  hint?: string;
  /** Produces the file; `progress` may report how far a long export is. */
  run: (progress: (text: string) => void) => Promise<{ blob: Blob; fileName: string }>;
}

/**
 * A small "Export ▾" menu: each choice builds a file on the server and the browser saves it.
 * While it works the button shows a spinner and the progress the choice reports; a failure is
 * one toast with the server's message.
 */
export function DownloadMenu({ label, choices, testId, icon }: { label: string; choices: MenuChoice[]; testId: string; icon?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const toasts = useToasts();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = async (choice: MenuChoice) => {
    setOpen(false);
    setBusy('Preparing…');
    try {
      const { blob, fileName } = await choice.run(setBusy);
      saveFile(blob, fileName);
      toasts.show({ tone: 'success', title: `Exported ${fileName}` });
    } catch (err) {
      const error = toApiErrorLike(err);
      toasts.show({ tone: 'error', title: 'The export failed', detail: error.message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="download-menu" ref={ref} data-testid={testId}>
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy !== null}
        onClick={() => setOpen((v) => !v)}
        data-testid={`${testId}-button`}
      >
        {busy ? <Spinner small /> : (icon ?? <span aria-hidden="true">⇩</span>)}
        <span>{busy ?? label}</span>
      </button>
      {open ? (
        <div className="download-menu-list" role="menu">
          {choices.map((choice) => (
            <button
              key={choice.id}
              type="button"
              role="menuitem"
              className="download-menu-item"
              onClick={() => void choose(choice)}
              data-testid={`${testId}-${choice.id}`}
            >
              <span>{choice.label}</span>
              {choice.hint ? <span className="muted">{choice.hint}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
