import { useMemo } from 'react';
import { usePreview } from '../preview/preview-context';
import { initials, personColor } from '../ui/initials';
import { useAnnouncePage, useOthers } from './use-presence';

const SHOWN = 5;

/** Who else has this page open: their initials (full name on hover) and how many they are. */
export function PresenceBar({ app, page }: { app: string; page: string }) {
  const all = useOthers(app);
  const here = useMemo(() => all.filter((person) => person.page === page), [all, page]);
  if (here.length === 0) return null;
  const names = here.map((person) => person.displayName);
  const label = `${here.length} ${here.length === 1 ? 'other' : 'others'} here`;
  return (
    <div className="presence-bar" data-testid="presence-bar" title={names.join(', ')}>
      <div className="presence-avatars">
        {here.slice(0, SHOWN).map((person) => (
          <span
            key={person.userId}
            className="avatar presence-avatar"
            style={{ background: personColor(person.userId) }}
            title={person.editing ? `${person.displayName} (editing a row)` : person.displayName}
            data-testid="presence-person"
            data-user={person.userId}
          >
            {initials(person.displayName)}
          </span>
        ))}
        {here.length > SHOWN ? <span className="avatar presence-avatar presence-more">+{here.length - SHOWN}</span> : null}
      </div>
      <span className="presence-count">{label}</span>
    </div>
  );
}

/** The page header's presence: announces this tab on the page (not while previewing another user) and shows who else is here. */
export function PagePresence({ app, page }: { app: string; page: string }) {
  const { previewAs } = usePreview();
  useAnnouncePage(app, page, !previewAs);
  return <PresenceBar app={app} page={page} />;
}
