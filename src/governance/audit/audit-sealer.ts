import type { WarehouseDriver } from '../../warehouse/driver.js';
import { sealAuditChain } from './seal-audit-chain.js';

export interface AuditSealerOptions {
  /** Commits within this window are sealed together (default 500 ms: on a single-writer warehouse every seal holds the writer, so seals are batched). */
  delayMs?: number;
  /** Also seals this often, for changesets committed by servers that stopped before sealing (default 5 s). */
  sweepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Seals committed changesets into the audit hash chain shortly after they
 * commit, off the write's critical path: `schedule()` after each commit, one
 * seal at a time per process, commits arriving meanwhile sealed by the next
 * run. `flush()` seals everything committed so far (tests, shutdown, verify).
 */
export class AuditSealer {
  private timer?: NodeJS.Timeout;
  private readonly sweep: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly driver: WarehouseDriver,
    private readonly schema: () => string,
    private readonly options: AuditSealerOptions = {},
  ) {
    this.sweep = setInterval(() => this.schedule(), options.sweepMs ?? 5000);
    this.sweep.unref();
  }

  /** A changeset committed: seal it (and whatever else is waiting) in a moment. */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.delayMs ?? 500);
    this.timer.unref();
  }

  /** Seals every changeset committed before the call. */
  flush(): Promise<void> {
    return this.run();
  }

  /** Seals what is left and stops sealing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.run().catch((error: unknown) => this.options.onError?.(error));
  }

  private run(): Promise<void> {
    const next = this.running
      .catch(() => undefined)
      .then(async () => {
        await sealAuditChain(this.driver, this.schema());
      });
    this.running = next;
    return next;
  }
}
