import { createTransport } from 'nodemailer';
import type { ResolvedProject } from '../app-model/index.js';
import type { StoredUser } from '../governance/identity/user-store.js';
import { buildEmail, buildRecipients, type EmailMessage } from './build-email.js';
import type { ApprovalEvent } from './webhooks.js';

/** A mail server as the e-mail sender takes it, secrets already read. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start; otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Login, when the server needs one. */
  auth?: { user: string; pass: string };
  /** Sender address of every message. */
  from: string;
}

export interface EmailNotifier {
  /** E-mails the recipients the request's app names for this event, in the background; never throws. */
  notify(event: ApprovalEvent): void;
  /** Sends one message in the background (retried like the rest); never throws. */
  send(message: EmailMessage): void;
  /** Cancels pending retries and waits for sends in flight. */
  close(): Promise<void>;
}

export interface EmailOptions {
  project(): ResolvedProject;
  /** The mail server, resolved at each send (throws when a secret is missing); undefined: none configured. */
  smtp(): SmtpSettings | undefined;
  /** Every user, read at each event, for their roles and `email` attribute. */
  fetchUsers(): Promise<StoredUser[]>;
  /** Where send failures are reported. */
  onError(message: string): void;
  /** Waits before the second and third attempt (default 1 s and 5 s). */
  retryDelaysMs?: readonly number[];
}

/**
 * Sends approval events by e-mail to the recipients of the app's
 * `notifications.email`: in the background (the request that caused the
 * event never waits), with up to 3 attempts per message, failures reported
 * through `onError`.
 */
export function createEmailNotifier(options: EmailOptions): EmailNotifier {
  const delays = options.retryDelaysMs ?? [1000, 5000];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const attempt = async (message: EmailMessage, attemptNo: number) => {
    if (closed) return;
    let problem: string | undefined;
    try {
      const smtp = options.smtp();
      if (!smtp) return options.onError(`e-mail "${message.subject}" not sent: roundtrip.yaml has no smtp server`);
      const transport = createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.auth,
        connectionTimeout: 10_000,
        socketTimeout: 10_000,
      });
      try {
        await transport.sendMail({ from: smtp.from, ...message });
      } finally {
        transport.close();
      }
    } catch (error) {
      problem = (error as Error).message;
    }
    if (!problem) return;
    const delay = delays[attemptNo - 1];
    if (delay === undefined || closed)
      return options.onError(`e-mail "${message.subject}" to ${message.to.join(', ')} failed after ${attemptNo} attempts: ${problem}`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      track(attempt(message, attemptNo + 1));
    }, delay);
    timers.add(timer);
  };

  const deliver = async (event: ApprovalEvent) => {
    const project = options.project();
    const rules = (project.apps.get(event.request.app)?.config.notifications?.email ?? []).filter((rule) => rule.events.includes(event.event));
    if (!rules.length || closed) return;
    const needsUsers = rules.some((rule) => rule.to === 'approvers' || rule.to === 'submitter');
    const users = needsUsers ? await options.fetchUsers() : [];
    const publicUrl = project.config.server?.publicUrl;
    for (const rule of rules) {
      const to = buildRecipients(rule.to, event, users);
      if (to.length) track(attempt(buildEmail(event, to, publicUrl), 1));
    }
  };

  return {
    notify(event) {
      track(
        deliver(event).catch((error: unknown) =>
          options.onError(`e-mail for ${event.event} of request ${event.request.requestId} not sent: ${(error as Error).message}`),
        ),
      );
    },
    send(message) {
      track(attempt(message, 1));
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // An event being prepared may queue its messages while the first batch settles.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
