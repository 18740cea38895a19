import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../errors/index.js';
import type { ExportFile } from './run-export.js';

/** A long export (a pack) running in the background, polled for progress and fetched when done. */
export interface ExportJob {
  id: string;
  /** User id of the one who started it: only they see it. */
  owner: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  startedAt: string;
  error?: { code: string; message: string };
  file?: ExportFile;
}

/** Finished jobs are kept this long for their download, then dropped. */
const KEEP_MS = 15 * 60 * 1000;
/** Jobs one user may have running at once. */
const RUNNING_PER_USER = 2;

/**
 * The export jobs of this server, in memory: a pack is built once and
 * downloaded by its owner. Behind a load balancer, poll and download from the
 * server that started the job (sticky sessions).
 */
export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();

  start(owner: string, total: number, work: (progress: (done: number, total: number) => void) => Promise<ExportFile>): ExportJob {
    this.sweep();
    const running = [...this.jobs.values()].filter((j) => j.owner === owner && j.status === 'running').length;
    if (running >= RUNNING_PER_USER) {
      throw new AppError('WB_BUSY', `You already have ${running} exports being built; download them or wait until one finishes.`, {
        limit: { exports: RUNNING_PER_USER },
      });
    }
    const job: ExportJob = { id: randomBytes(12).toString('base64url'), owner, status: 'running', done: 0, total, startedAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    work((done, all) => {
      job.done = done;
      job.total = all;
    }).then(
      (file) => {
        job.status = 'done';
        job.file = file;
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error = isAppError(error)
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: 'The export failed; the server log has the cause.' };
      },
    );
    return job;
  }

  /** The owner's job (another user's id is answered as unknown). */
  get(id: string, owner: string): ExportJob {
    const job = this.jobs.get(id);
    if (!job || job.owner !== owner)
      throw new AppError('EXP_NOT_FOUND', 'No export job with that id is yours (finished jobs are kept 15 minutes).', { job: id });
    return job;
  }

  private sweep(now = Date.now()): void {
    for (const [id, job] of this.jobs) if (job.status !== 'running' && now - Date.parse(job.startedAt) > KEEP_MS) this.jobs.delete(id);
  }
}
