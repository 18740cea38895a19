import { useLayoutEffect } from 'react';
import { AppShell } from './apps/app-shell';
import { LoginPage } from './auth/login-page';
import { useSession } from './auth/use-session';
import { embedRoute } from './embed/embed-route';
import { EmbedEnded, EmbedShell } from './embed/embed-shell';
import { LiveNotices } from './live/live-notices';
import { LiveProvider } from './live/use-live-changes';
import { PreviewProvider } from './preview/preview-context';
import { ErrorBanner } from './ui/error-banner';
import { releaseFirstView } from './first-view/first-view-state';
import { Spinner } from './ui/spinner';
import { ToastProvider } from './ui/toasts';

export function App() {
  const { state, restore, signedIn, signOut } = useSession();
  const embed = embedRoute(window.location.pathname);
  const pageMayShow = state.status === 'checking' || state.status === 'signed-in';
  // Signed out or failing: no page will replace the early view of its KPI values.
  useLayoutEffect(() => {
    if (!pageMayShow) releaseFirstView();
  }, [pageMayShow]);

  switch (state.status) {
    case 'checking':
      return (
        <div className="center-screen">
          <Spinner label="Loading Roundtrip…" />
        </div>
      );
    case 'failed':
      return (
        <div className="center-screen">
          <ErrorBanner error={state.error} onRetry={restore} />
        </div>
      );
    case 'anonymous':
      // An embedded view has no login: its host signs a new token.
      return embed ? <EmbedEnded /> : <LoginPage expired={state.expired} onSignedIn={signedIn} />;
    case 'signed-in':
      return (
        <LiveProvider key={state.session.user.id} userId={state.session.user.id} self={state.session.user.username}>
          <PreviewProvider>
            <ToastProvider>
              <LiveNotices />
              {embed ? (
                <EmbedShell session={state.session} app={embed.app} page={embed.page} />
              ) : (
                <AppShell session={state.session} onSignOut={() => void signOut()} />
              )}
            </ToastProvider>
          </PreviewProvider>
        </LiveProvider>
      );
  }
}
