/**
 * The promise `build` made for `key` in `cache`, made once; a build that
 * fails is forgotten, so the next caller tries again.
 */
export function memo<K, T>(cache: Map<K, Promise<T>>, key: K, build: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = build();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
