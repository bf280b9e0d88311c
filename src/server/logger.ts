import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Config } from '../config';

/** Where log lines go: an output stream that may be a terminal. */
export interface LogOutput {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

/** A request log reads `request completed GET /graphql 200 in 12 ms` instead of its headers. */
const REQUEST_LINE = '{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}{if responseTime} in {responseTime} ms{end}';

/** Whether to write coloured, readable lines: LOG_FORMAT, or (auto) whether the output is a terminal. */
export function prettyLogs(format: Config['logFormat'], output: LogOutput): boolean {
  return format === 'pretty' || (format === 'auto' && output.isTTY === true);
}

/** The process logger: readable lines on a terminal, JSON lines otherwise (LOG_FORMAT overrides). */
export function createLogger(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>, output: LogOutput = process.stdout): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'loongate' },
    redact: { paths: ['req.headers.authorization', 'req.headers.signature', 'req.headers.cookie'], censor: '[redacted]' },
  };
  if (!prettyLogs(config.logFormat ?? 'auto', output)) {
    return output === process.stdout ? pino(options) : pino(options, output as pino.DestinationStream);
  }
  const prettify = prettyFactory({
    colorize: output.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,req,res,responseTime',
    messageFormat: REQUEST_LINE,
  });
  return pino(options, { write: (line: string) => void output.write(prettify(line)) });
}
