import { useCallback, useEffect, useState } from 'react';
import { ApiError, setCsrfToken, setUnauthorizedHandler, toApiErrorLike } from '../api/client';
import { fetchSession, logout as logoutRequest } from '../api/endpoints';
import type { Session } from '../api/types';

export type SessionState =
  | { status: 'checking' }
  /** expired: the session ended; 'warehouse': the warehouse needs the user's own single sign-on (AUTH_WAREHOUSE_SIGN_IN). */
  | { status: 'anonymous'; expired: boolean | 'warehouse' }
  | { status: 'failed'; error: ApiError }
  | { status: 'signed-in'; session: Session };

export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  const restore = useCallback(() => {
    setState({ status: 'checking' });
    fetchSession()
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setState({ status: 'signed-in', session });
      })
      .catch((err: unknown) => {
        const error = toApiErrorLike(err);
        setState(error.status === 401 ? { status: 'anonymous', expired: false } : { status: 'failed', error });
      });
  }, []);

  useEffect(() => {
    restore();
    setUnauthorizedHandler((error) => {
      setCsrfToken(null);
      setState({ status: 'anonymous', expired: error.code === 'AUTH_WAREHOUSE_SIGN_IN' ? 'warehouse' : true });
    });
    return () => setUnauthorizedHandler(null);
  }, [restore]);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', session });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logoutRequest();
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous', expired: false });
    }
  }, []);

  return { state, restore, signedIn, signOut };
}
