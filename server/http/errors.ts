import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody, ErrorCode } from '../../shared/errors';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import { storeFailure } from '../redis/redis-errors';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  not_found: 404,
  conflict: 409,
  transition_forbidden: 409,
  unit_busy: 409,
  unsafe_assignment: 409,
  payload_too_large: 413,
  unsupported_encoding: 415,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** Turns any error into `{error: {code, message, details}}` with the right status; never leaks a stack. */
export function errorHandler(log: Logger, redisReady: () => boolean): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    let error: DomainError;
    if (err instanceof DomainError) error = err;
    else if (isBodyParserError(err, 'entity.parse.failed')) error = new DomainError('bad_request', 'the body is not valid JSON');
    else if (isBodyParserError(err, 'entity.too.large')) error = new DomainError('payload_too_large', 'the body is too large');
    else if (clientErrorStatus(err) === 415)
      error = new DomainError(
        'unsupported_encoding',
        'the body is in an encoding this server does not read: send UTF-8 JSON, plain or gzip, deflate or br compressed',
      );
    else if (clientErrorStatus(err) !== undefined)
      // Anything else the body reader refused (a corrupt gzip stream, an aborted upload) is the request's fault.
      error = new DomainError('bad_request', `the body could not be read (${(err as Error).message}); check its Content-Encoding and Content-Length`);
    else {
      error = storeFailure(err, redisReady());
      if (error.code === 'internal') log.error('unexpected error handling a request', err);
    }
    const body: ApiErrorBody = { error: error.toApiError() };
    res.status(httpStatusOf(error.code)).json(body);
  };
}

/** The 4xx status the body reader (http-errors) gave an error it means for the client, if any. */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || (err as { expose?: unknown }).expose !== true) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function isBodyParserError(err: unknown, type: string): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === type;
}
