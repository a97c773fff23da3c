/**
 * The server's leveled logger, backed by pino. Logs go to stderr, so stdout stays for what users
 * read (startup messages).
 *
 * Format: JSON lines when stderr is not a terminal (production, containers, pipes), pretty
 * single lines (time, level, [component], message; an error's stack on the lines below) when it is. LOG_FORMAT=json or
 * LOG_FORMAT=pretty forces one or the other; any other value means "decide by the terminal".
 * (LOG_FORMAT is read straight from process.env here; it belongs in server/config.ts later.)
 *
 * Each line carries `component`. The optional `extra` argument is logged as:
 *   - an Error: `err` = {type, message, stack, cause?, ...its own fields}, causes nested;
 *   - anything else (object, array, string, number...): `extra`, as given. Errors directly
 *     inside an object or array are serialized like `err` too.
 * Keys that look like secrets or caller phone numbers (see REDACTED_KEYS) are replaced by
 * "[redacted]" at any depth up to MAX_REDACT_DEPTH, in `extra` and `err` alike. The message is
 * free text and is never rewritten: do not put secrets or phone numbers in it.
 *
 * Writes are synchronous and in-process (no worker thread), so nothing is lost on process.exit.
 */
import { hostname } from 'node:os';
import { types } from 'node:util';
import { pino, type DestinationStream, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

/**
 * Field names whose values never reach a log. Exact, case-sensitive names, as they appear in
 * shared/ and server/ (passwords, Redis and Sentinel passwords, API key secrets, display and
 * ingest keys, session ids, cookies, the caller's phone and a safety profile's phones) plus
 * common ones (HTTP headers, tokens). Start-up credentials never go through a logger at all
 * (see deliverCredentials in auth/bootstrap.ts).
 */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'oldPassword',
  'adminPassword',
  'envPassword',
  'sentinelPassword',
  'redisPassword',
  'passphrase',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'key',
  'apiKey',
  'displayKey',
  'ingestKey',
  'secret',
  'credentials',
  'cookie',
  'cookies',
  'Cookie',
  'set-cookie',
  'authorization',
  'Authorization',
  'proxy-authorization',
  'sessionId',
  'sessionIds',
  'sid',
  'phone',
  'phones',
  'callerPhone',
  'callbackNumber',
  'verifiedPhones',
  'rawPhone',
] as const;

/** How many object levels below the top-level field (`extra`, `err`) a redacted key is found. */
const MAX_REDACT_DEPTH = 5;

/** Redaction paths: each key under `extra` and `err`, and up to MAX_REDACT_DEPTH levels below. */
const REDACT_PATHS = ['extra', 'err'].flatMap((top) =>
  REDACTED_KEYS.flatMap((k) => {
    const leaf = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`;
    return Array.from({ length: MAX_REDACT_DEPTH + 1 }, (_, depth) => top + '.*'.repeat(depth) + leaf);
  }),
);

function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** pino's errWithCause ({type, message, stack, cause: {...}}), keeping a cause that is not an Error. */
function serializeError(value: unknown): unknown {
  if (!isError(value)) return value;
  // Widened: the published type says `cause?: never`, which is errSerializer's shape, not this one's.
  const out: Record<string, unknown> = pino.stdSerializers.errWithCause(value);
  const cause: unknown = value.cause;
  if (cause !== undefined && out.cause === undefined && !isError(cause)) out.cause = cause;
  return out;
}

/** `extra` as given, except that Errors directly inside it keep their stack. */
function serializeExtra(value: unknown): unknown {
  if (Array.isArray(value)) return value.some(isError) ? value.map(serializeError) : value;
  if (value === null || typeof value !== 'object' || !Object.values(value).some(isError)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serializeError(v)]));
}

let stderr: DestinationStream | undefined;
/** One synchronous writer on fd 2 for every logger. */
function stderrDestination(): DestinationStream {
  stderr ??= pino.destination({ fd: 2, sync: true });
  return stderr;
}

function wantsPretty(isTTY: boolean): boolean {
  const format = process.env.LOG_FORMAT?.trim().toLowerCase();
  if (format === 'json') return false;
  if (format === 'pretty') return true;
  return isTTY;
}

/** Pretty lines, formatted in-process and written synchronously to `out`. */
function prettyDestination(out: DestinationStream, colorize: boolean): DestinationStream {
  const prettify = prettyFactory({
    colorize,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,component',
    messageFormat: '[{component}] {msg}',
    singleLine: true,
  });
  return { write: (line: string) => void out.write(prettify(line)) };
}

/**
 * A logger for `component`, printing `level` and above ('silent' prints nothing).
 * `destination` is for tests: where lines go instead of stderr (pretty or JSON is then decided
 * by LOG_FORMAT and the stream's own `isTTY`).
 */
export function createLogger(level: LogLevel, component = 'tandem', destination?: NodeJS.WritableStream): Logger {
  const isTTY = destination ? (destination as { isTTY?: boolean }).isTTY === true : process.stderr.isTTY === true;
  const out: DestinationStream = destination ?? stderrDestination();
  const pretty = wantsPretty(isTTY);
  const logger = pino(
    {
      level: level satisfies LevelWithSilent,
      base: { pid: process.pid, hostname: hostname(), component },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, extra: serializeExtra },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pretty ? prettyDestination(out, isTTY) : out,
  );
  const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string, extra?: unknown) => {
    if (!logger.isLevelEnabled(l)) return;
    // An object first and the message second: pino then takes the message as is (no %s formatting).
    if (extra === undefined) logger[l]({}, msg);
    else if (isError(extra)) logger[l]({ err: extra }, msg);
    else logger[l]({ extra }, msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
