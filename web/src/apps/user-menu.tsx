import { useEffect, useRef, useState } from 'react';
import type { Session, User } from '../api/types';
import { screenHref } from './use-hash-route';
import { initials } from '../ui/initials';

interface UserMenuProps {
  user: User;
  /** Present where the warehouse runs statements with the user's own sign-in: null when this session has none. */
  warehouseSignIn?: Session['warehouseSignIn'];
  onSignOut: () => void;
}

export function UserMenu({ user, warehouseSignIn, onSignOut }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const name = user.displayName || user.username;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-chip"
        aria-haspopup="menu"
        aria-expanded={open}
        title={user.roles.join(', ')}
        data-testid="current-user"
        onClick={() => setOpen((v) => !v)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="user-chip-name">{name}</span>
        <span className="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="menu" role="menu">
          <div className="menu-heading">
            <strong>{user.username}</strong>
            <span className="muted">{user.roles.join(', ')}</span>
            {warehouseSignIn === undefined ? null : (
              <span className="muted" data-testid="warehouse-sign-in">
                {warehouseSignIn ? 'The warehouse runs your requests as you (single sign-on).' : 'No warehouse sign-in: sign in with single sign-on.'}
              </span>
            )}
          </div>
          <a role="menuitem" className="menu-item" href={screenHref('tokens')} onClick={() => setOpen(false)} data-testid="menu-tokens">
            API tokens
          </a>
          <button type="button" role="menuitem" className="menu-item" onClick={onSignOut}>
            Log out
          </button>
        </div>
      ) : null}
    </div>
  );
}
