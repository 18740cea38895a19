export function Spinner({ label, small }: { label?: string; small?: boolean }) {
  return (
    <span className={small ? 'spinner spinner-small' : 'spinner'} role="status" aria-label={label ?? 'Loading'}>
      <span className="spinner-ring" aria-hidden="true" />
      {label && !small ? <span className="spinner-label">{label}</span> : null}
    </span>
  );
}

export function Skeleton({ lines = 3, height }: { lines?: number; height?: number }) {
  if (height) {
    return <div className="skeleton skeleton-block" style={{ height }} aria-busy="true" />;
  }
  return (
    <div className="skeleton-lines" aria-busy="true">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton skeleton-line" style={{ width: `${90 - i * 15}%` }} />
      ))}
    </div>
  );
}

export function RefreshDot({ active }: { active: boolean }) {
  return (
    <span
      className={active ? 'refresh-dot refresh-dot-active' : 'refresh-dot'}
      title={active ? 'Refreshing…' : undefined}
      aria-hidden={!active}
      data-refreshing={active ? 'true' : 'false'}
    />
  );
}
