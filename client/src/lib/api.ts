import { BACKGROUND_REQUEST_HEADER } from '../../../shared/auth';
import type { ApiError, ErrorCode } from '../../../shared/errors';

/** A REST call that did not succeed, with the server's own words (or ours when it had none). */
export class ApiFailure extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }

  get code(): ErrorCode {
    return this.error.code;
  }
}

export const UNREACHABLE = 'Cannot reach the server; check the network and try again';

/**
 * Called when a request answers 401: the session ended (idle sign-out, signed out elsewhere).
 * App.svelte sets it to go to the sign-in page; requests that expect a 401 opt out.
 */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** A 401 is an answer here (sign-in, who-am-I), not a reason to leave the page. */
  expect401?: boolean;
  /** Made by the page itself (a poll), not by the user: it must not keep an idle session alive. */
  background?: boolean;
  fetch?: typeof fetch;
  /** The version the change was made on (If-Match): the server refuses it with 409 if the thing changed since. */
  ifMatch?: number;
}

/** JSON to and from `/api/v1`; resolves with the body (undefined for 204), rejects with ApiFailure. */
export async function apiJson<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const doFetch = opts.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`/api/v1${path}`, {
      method,
      signal: opts.signal,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(opts.background ? { [BACKGROUND_REQUEST_HEADER]: '1' } : {}),
        ...(opts.ifMatch !== undefined ? { 'if-match': `"${opts.ifMatch}"` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // The session cookie is same-origin and httpOnly: the browser sends it, no script sees it.
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    throw new ApiFailure(0, { code: 'unavailable', message: UNREACHABLE });
  }
  if (response.status === 204) return undefined as T;
  const parsed = await response.json().catch(() => undefined);
  if (response.ok) return parsed as T;
  const failure = new ApiFailure(response.status, errorOf(parsed, response.status));
  if (response.status === 401 && !opts.expect401) onUnauthorized?.();
  throw failure;
}

/** The `{error: {code, message}}` of an error body, or a plain one made from the status. */
export function errorOf(body: unknown, status: number): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null && typeof (e as ApiError).message === 'string' && typeof (e as ApiError).code === 'string') {
      return e as ApiError;
    }
  }
  const code: ErrorCode =
    status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status >= 500 ? 'unavailable' : 'bad_request';
  return { code, message: `The server answered ${status}` };
}

/** A server message as a sentence: capital first letter, full stop at the end. */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/** What to tell the user about any failure. */
export function failureText(error: unknown): string {
  if (error instanceof ApiFailure) return sentence(error.message);
  return sentence(error instanceof Error ? error.message : String(error));
}
