/**
 * A minimal exclusive-use pool: a connection serves one statement or one
 * transaction at a time. Waiters are served first come, first served.
 */
export class ConnectionPool<C> {
  private idle: C[] = [];
  private size = 0;
  private waiters: ((connection: C) => void)[] = [];

  constructor(
    private readonly create: () => Promise<C>,
    private readonly destroy: (connection: C) => void,
    private readonly max: number,
  ) {}

  async acquire(): Promise<C> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.size < this.max) {
      this.size += 1;
      try {
        return await this.create();
      } catch (error) {
        this.size -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(connection: C): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  /** Drops a broken connection instead of returning it to the pool. */
  discard(connection: C): void {
    this.destroy(connection);
    this.size -= 1;
    const waiter = this.waiters.shift();
    if (waiter) void this.acquire().then(waiter);
  }

  async use<T>(work: (connection: C) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Destroys idle connections; busy ones are destroyed when released to a drained pool. */
  drain(): void {
    for (const connection of this.idle) this.destroy(connection);
    this.size -= this.idle.length;
    this.idle = [];
  }
}
