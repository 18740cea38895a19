import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastTone = 'info' | 'success' | 'error' | 'warning';

export interface ToastInput {
  tone: ToastTone;
  title: string;
  detail?: string;
  /** One button on the toast, e.g. "Show" (go to the cell) or "Undo". */
  action?: { label: string; run: () => void };
  /** Milliseconds on screen; errors default to 10 s, the rest to 5 s. */
  timeout?: number;
}

interface Toast extends ToastInput {
  id: number;
}

interface ToastContextValue {
  show: (toast: ToastInput) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastContextValue>({ show: () => 0, dismiss: () => undefined });

/** At most this many toasts at once; older ones give way. */
const MAX_TOASTS = 4;

/** Short messages in the corner of the window, where they are seen wherever the page is scrolled. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((prev) => prev.filter((t) => t.id !== id)), []);

  const show = useCallback(
    (input: ToastInput) => {
      const id = next.current++;
      setToasts((prev) => [...prev, { ...input, id }].slice(-MAX_TOASTS));
      window.setTimeout(() => dismiss(id), input.timeout ?? (input.tone === 'error' ? 10_000 : 5_000));
      return id;
    },
    [dismiss],
  );

  const value = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast-${toast.tone}`}
            role={toast.tone === 'error' ? 'alert' : 'status'}
            data-testid="toast"
            data-tone={toast.tone}
          >
            <div className="toast-text">
              <strong>{toast.title}</strong>
              {toast.detail ? <span>{toast.detail}</span> : null}
            </div>
            {toast.action ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="btn btn-small btn-ghost" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastContextValue {
  return useContext(ToastContext);
}
