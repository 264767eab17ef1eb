import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (pino). One root logger per process; requests and jobs use children. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'linli', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', '*.jwtSecret'], censor: '[redacted]' },
  });
}
