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
 * who edits which row of this grid changes, so the grid redraws then and not otherwise.
 */
export function useRowEditors(app: string, block: string): ReadonlyMap<string, PresencePerson> {
  const others = useOthers(app);
  const editors = others.filter((person) => person.editing?.block === block);
  // People arriving or leaving elsewhere on the page change nothing here: the grid keeps its callbacks.
  const signature = JSON.stringify(editors.map((person) => [person.userId, person.displayName, looseKeyId(person.editing!.key)]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the editors.
  return useMemo(() => new Map(editors.map((person) => [looseKeyId(person.editing!.key), person])), [signature]);
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
