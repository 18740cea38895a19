import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '../api/client';
import { fetchCommentCounts } from '../api/endpoints';
import type { RowKey } from '../api/types';
import { useLiveComments } from '../live/use-live-changes';
import { commentKeyId } from './comment-key';

/**
 * How many comments each row of a table has (only rows the user may read), read again whenever
 * a comment on the table is added or deleted (live) or the stream was interrupted.
 */
export function useCommentCounts(app: string, table: string, enabled: boolean) {
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    fetchCommentCounts(app, table, controller.signal)
      .then((list) => setCounts(new Map(list.map(({ key, count }) => [commentKeyId(key), count]))))
      .catch((error: unknown) => {
        // Markers are a hint: a failed read keeps the last ones, and the next event reads again.
        if (!isAbort(error)) console.warn('reading comment counts failed', error);
      });
    return () => controller.abort();
  }, [app, table, enabled, tick]);

  useLiveComments((event) => {
    if (!enabled) return;
    if (event === null || (event.app === app && event.table === table)) setTick((t) => t + 1);
  });

  const countOf = useCallback((key: RowKey) => counts.get(commentKeyId(key)) ?? 0, [counts]);
  return { counts, countOf };
}
