import type { SmtpConfig } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { SmtpSettings } from '../workflows/index.js';

/**
 * Turns `smtp` as written in roundtrip.yaml into what the e-mail sender
 * takes, reading `password: { env: NAME }`. Called at each send, so a
 * rotated password applies without restart; throws `CFG_INVALID` when the
 * variable is not set.
 */
export function resolveSmtp(config: SmtpConfig, env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  let auth: SmtpSettings['auth'];
  if (config.user !== undefined) {
    const pass = config.password === undefined ? '' : env[config.password.env];
    if (pass === undefined || (config.password && pass === '')) {
      throw new AppError('CFG_INVALID', `roundtrip.yaml: smtp.password reads environment variable ${config.password?.env ?? ''}, which is not set.`, {
        field: 'smtp.password',
      });
    }
    auth = { user: config.user, pass };
  }
  return { host: config.host, port: config.port, secure: config.secure, auth, from: config.from };
}
