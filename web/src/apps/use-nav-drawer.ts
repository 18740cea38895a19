import { useCallback, useEffect, useRef, useState } from 'react';
import { PHONE_QUERY } from '../ui/use-media-query';
import type { Route } from './use-hash-route';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The navigation drawer of small screens: opens over the page from the menu
 * button, closes on navigation, Escape and a tap beside it, keeps focus inside
 * while open and gives it back to the menu button when it closes.
 */
export function useNavDrawer(route: Route) {
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((value) => !value), []);

  // Any navigation closes the drawer.
  const routeKey = `${route.app}/${route.page}/${route.screen}/${route.item}`;
  useEffect(() => {
    void routeKey;
    setOpen(false);
  }, [routeKey]);

  // A wide window has no drawer: leaving the small layout closes it.
  useEffect(() => {
    const query = window.matchMedia(PHONE_QUERY);
    const onChange = () => {
      if (!query.matches) setOpen(false);
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const nav = navRef.current;
    if (open && nav) {
      nav.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    } else if (!open && wasOpen.current) {
      buttonRef.current?.focus();
    }
    wasOpen.current = open;
    if (!open || !nav) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        setOpen(false);
        return;
      }
      if (event.key !== 'Tab') return;
      // Focus cycles between the menu button and the drawer's links.
      const items = [buttonRef.current, ...nav.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((item): item is HTMLElement => item !== null);
      if (items.length === 0) return;
      // The button sits after the drawer in the page, so the browser's own order would leave it: move by hand.
      event.preventDefault();
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = at === -1 ? 0 : (at + (event.shiftKey ? items.length - 1 : 1)) % items.length;
      items[next]?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return { open, close, toggle, navRef, buttonRef };
}
