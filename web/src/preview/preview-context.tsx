import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setPreviewAs } from '../api/client';

interface PreviewContextValue {
  /** The user whose view an admin is previewing, or null. */
  previewAs: string | null;
  start: (username: string) => void;
  stop: () => void;
}

const PreviewContext = createContext<PreviewContextValue>({ previewAs: null, start: () => undefined, stop: () => undefined });

export function PreviewProvider({ children }: { children: ReactNode }) {
  const [previewAs, setState] = useState<string | null>(null);

  // The client's header changes before React re-renders, so every refetch the change triggers
  // already goes out as the previewed user.
  const start = useCallback((username: string) => {
    setPreviewAs(username);
    setState(username);
  }, []);
  const stop = useCallback(() => {
    setPreviewAs(null);
    setState(null);
  }, []);

  // Signing out unmounts the provider: the next user of this tab must not inherit the header.
  useEffect(() => () => setPreviewAs(null), []);

  const value = useMemo(() => ({ previewAs, start, stop }), [previewAs, start, stop]);
  return <PreviewContext.Provider value={value}>{children}</PreviewContext.Provider>;
}

export function usePreview(): PreviewContextValue {
  return useContext(PreviewContext);
}
