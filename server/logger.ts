import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout. Secrets never reach them: tokens and passwords are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
