import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/** The process logger: structured JSON lines on stdout. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'loongate' },
    redact: { paths: ['req.headers.authorization', 'req.headers.signature', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
