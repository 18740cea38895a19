import type { KpiBlockSpec } from '../api/types';
import { formatMeasure, formatNumber, formatSignedPercent, toNumber, type KpiDisplay } from '../ui/format';
import { BlockBody, BlockFrame } from './block-frame';
import { KPI_HEIGHT } from './block-sizes';
import { useDataset } from './use-dataset';

const FIRST_ROW = { limit: 1 };

export function KpiBlock({ spec }: { spec: KpiBlockSpec }) {
  const query = useDataset(spec.dataset, FIRST_ROW);
  const row = query.data?.rows[0];
  const raw = row?.[spec.value] ?? null;
  const display: KpiDisplay = { format: spec.format, currency: spec.currency, unit: spec.unit, decimals: spec.decimals, compact: spec.compact };
  const shown = formatMeasure(raw, display);
  const exact = formatMeasure(raw, { ...display, compact: false });

  return (
    <BlockFrame spec={{ ...spec, title: spec.title ?? spec.value }} dataset={spec.dataset} refreshing={query.refreshing}>
      <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={KPI_HEIGHT}>
        {() => (
          <div className="kpi" style={{ minHeight: KPI_HEIGHT }} data-testid={`kpi-${spec.id}`} data-value={raw === null ? '' : String(raw)}>
            <div className="kpi-value" title={exact !== shown ? exact : undefined} data-exact={formatNumber(raw)}>
              {shown}
            </div>
            {spec.compare ? (
              <KpiDelta value={raw} compare={row?.[spec.compare] ?? null} label={spec.compareLabel ?? `vs ${spec.compare}`} display={display} />
            ) : null}
          </div>
        )}
      </BlockBody>
    </BlockFrame>
  );
}

interface KpiDeltaProps {
  value: unknown;
  compare: unknown;
  label: string;
  display: KpiDisplay;
}

function KpiDelta({ value, compare, label, display }: KpiDeltaProps) {
  const current = toNumber(value);
  const base = toNumber(compare);
  if (current === null || base === null) {
    return <div className="kpi-delta kpi-delta-flat">No comparison · {label}</div>;
  }
  const delta = current - base;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■';
  const ratio = base !== 0 ? formatSignedPercent(delta / Math.abs(base)) : '';
  return (
    <div className={`kpi-delta kpi-delta-${direction}`} data-delta={String(delta)}>
      <span aria-hidden="true">{arrow}</span> {`${formatMeasure(Math.abs(delta), display)}${ratio ? ` (${ratio})` : ''}`}{' '}
      <span className="kpi-compare-label">{label}</span>
    </div>
  );
}
