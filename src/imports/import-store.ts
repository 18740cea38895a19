import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/index.js';
import type { ImportPlan } from './plan-import.js';

/** A previewed import waiting for its owner to apply it. */
export interface StoredImport {
  id: string;
  owner: string;
  app: string;
  table: string;
  plan: ImportPlan;
  createdAt: number;
}

const KEEP_MS = 30 * 60 * 1000;
const PER_USER = 5;

/**
 * Previewed imports of this server, in memory, for their owner to apply
 * without uploading the file again (30 minutes; the newest five per user).
 * Behind a load balancer, apply on the server that previewed (sticky sessions).
 */
export class ImportStore {
  private readonly imports = new Map<string, StoredImport>();

  put(owner: string, app: string, table: string, plan: ImportPlan): StoredImport {
    const now = Date.now();
    for (const [id, stored] of this.imports) if (now - stored.createdAt > KEEP_MS) this.imports.delete(id);
    const mine = [...this.imports.values()].filter((s) => s.owner === owner).sort((a, b) => a.createdAt - b.createdAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - PER_USER + 1))) this.imports.delete(old.id);
    const stored = { id: randomBytes(12).toString('base64url'), owner, app, table, plan, createdAt: now };
    this.imports.set(stored.id, stored);
    return stored;
  }

  /** The owner's import for this table; anything else is unknown. */
  take(id: string, owner: string, app: string, table: string): StoredImport {
    const stored = this.imports.get(id);
    if (!stored || stored.owner !== owner || stored.app !== app || stored.table !== table || Date.now() - stored.createdAt > KEEP_MS) {
      throw new AppError('ROW_NOT_FOUND', 'No previewed import with that id is yours (previews are kept 30 minutes); upload the file again.', { import: id });
    }
    return stored;
  }

  remove(id: string): void {
    this.imports.delete(id);
  }
}
