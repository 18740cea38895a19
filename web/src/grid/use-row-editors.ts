import { useEffect, useMemo } from 'react';
import type { PresencePerson, RowKey } from '../api/types';
import { presence } from '../live/presence-store';
import { useOthers } from '../live/use-presence';

/** A key's identity whatever its values' JSON types (the server may send 12 where the grid holds "12"). */
export function looseKeyId(key: RowKey): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((k) => [k, key[k] === null || key[k] === undefined ? null : String(key[k])]),
  );
}

/**
 * The rows of this grid other people have an editor open on, by `looseKeyId`. A new map only when
 * the app's presence changes, so the grid redraws then and not otherwise.
 */
export function useRowEditors(app: string, block: string): ReadonlyMap<string, PresencePerson> {
  const others = useOthers(app);
  return useMemo(() => {
    const byRow = new Map<string, PresencePerson>();
    for (const person of others) if (person.editing?.block === block) byRow.set(looseKeyId(person.editing.key), person);
    return byRow;
  }, [others, block]);
}

/** Tells the others which row of this grid this tab edits while `key` is set (an editor is open). */
export function useAnnounceEditing(block: string, table: string, key: RowKey | null, enabled: boolean): void {
  const id = key && enabled ? looseKeyId(key) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is followed by its identity, not by object.
  useEffect(() => {
    if (!id || !key) return;
    presence.edit({ block, table, key });
    return () => presence.edit(null);
  }, [id, block, table]);
}
