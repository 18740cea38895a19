import { warmupLines } from '../lib/report.js';
import { ms, ratio } from '../lib/stats.js';
import type { PostgresOutcome } from './postgres-bench.js';

export const PG_WRITE_P50_TARGET = 2;
export const PG_THROUGHPUT_TARGET = 0.5;
const THROUGHPUT_CONCURRENCY = 16;

const API_STEPS: Record<string, string> = {
  service:
    'one prepared statement: guarded UPDATE (row policy and the cross-field rule in its WHERE) with the changesets and cell_changes INSERTs in CTEs; concurrent writes share statements (group commit); the hash chain is sealed after commit',
  passthrough:
    "one prepared call of a session-local pg_temp function made for the write's shape (the write and audit statements static in its body): set_config of the user's role and claims, the guarded UPDATE (row policy and cross-field rule in its WHERE) as that role, then, when it matched, the changesets and cell_changes INSERTs as the service role; one statement, one round trip; concurrent writes of one shape share a call of the function's list form, each under its own role and claims (group commit)",
};

/** The PostgreSQL results as Markdown, in the style of the DuckDB tables. */
export function renderPostgresResults(outcome: PostgresOutcome): string[] {
  const raw = outcome.modes[0]?.writes.rawStatements.join(', ') ?? '';
  const out: string[] = [];
  out.push(
    `Audited single-cell write on PostgreSQL ${outcome.serverVersion} (throwaway local cluster, fsync off; the demo as \`roundtrip init --warehouse postgres\` scaffolds it, without its validation gate, which the raw side does not do), ${outcome.writesPerSide} writes per side per level. The HTTP clients (undici, keep-alive) run in the server's process, as the raw side's driver does.`,
  );
  out.push('');
  for (const { mode } of outcome.modes) out.push(`- API, ${mode} identity: HTTP with session cookie and CSRF token, then ${API_STEPS[mode]}.`);
  out.push(`- raw: ${raw}, on a \`pg\` pool of its own with as many connections as the server's (${outcome.poolSize}).`);
  out.push('');
  out.push('| identity | concurrency | path | p50 ms | p95 ms | writes/s | API/raw p50 | API/raw writes/s | median per-round API/raw p50 |');
  out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const { mode, writes } of outcome.modes) {
    for (const level of writes.levels) {
      out.push(
        `| ${mode} | ${level.concurrency} | API | ${ms(level.api.p50)} | ${ms(level.api.p95)} | ${level.api.perSecond.toFixed(0)} | ${ratio(level.api.p50 / level.raw.p50)} | ${ratio(level.api.perSecond / level.raw.perSecond)} | ${ratio(level.pairedRatio)} |`,
      );
      out.push(`| ${mode} | ${level.concurrency} | raw pg | ${ms(level.raw.p50)} | ${ms(level.raw.p95)} | ${level.raw.perSecond.toFixed(0)} | | | |`);
    }
  }
  out.push('');
  out.push(
    ...warmupLines(
      outcome.warmupWrites,
      outcome.modes.flatMap(({ mode, writes }) => writes.levels.map((level) => ({ label: `${mode}, c=${level.concurrency}`, level }))),
    ),
  );
  out.push('');
  for (const target of postgresTargets(outcome)) out.push(`- ${target.pass ? 'PASS' : 'MISS'}: ${target.text}`);
  return out;
}

/** The two targets (p50 at concurrency 1 ≤ 2× raw, writes/s at 16 ≥ 50 % of raw) for every measured identity mode. */
export function postgresTargets(outcome: PostgresOutcome): { pass: boolean; text: string }[] {
  const result: { pass: boolean; text: string }[] = [];
  outcome.modes.forEach(({ mode, writes }) => {
    const tag = `PostgreSQL, ${mode} identity`;
    const single = writes.levels.find((l) => l.concurrency === 1);
    if (single) {
      const r = single.api.p50 / single.raw.p50;
      result.push({ pass: r <= PG_WRITE_P50_TARGET, text: `${tag}: write p50 at concurrency 1 ≤ ${PG_WRITE_P50_TARGET}× raw (measured ${ratio(r)})` });
    }
    const busy = writes.levels.find((l) => l.concurrency === THROUGHPUT_CONCURRENCY);
    if (busy) {
      const r = busy.api.perSecond / busy.raw.perSecond;
      const percent = (value: number) => `${Math.round(value * 100)} %`;
      result.push({
        pass: r >= PG_THROUGHPUT_TARGET,
        text: `${tag}: writes/s at concurrency ${THROUGHPUT_CONCURRENCY} ≥ ${percent(PG_THROUGHPUT_TARGET)} of raw (measured ${percent(r)})`,
      });
    }
  });
  return result;
}
