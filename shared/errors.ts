/** Machine-readable error codes shared by REST responses and socket acknowledgements. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'transition_forbidden'
  | 'unit_busy'
  /** A civilian team sent to a call that needs police, with no police on it (see the response rules). */
  | 'unsafe_assignment'
  | 'unavailable'
  | 'payload_too_large'
  /** A body in a content or character encoding the server does not read. */
  | 'unsupported_encoding'
  | 'internal';

/** The body of every REST error and the `error` of every failed acknowledgement. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export interface ApiErrorBody {
  error: ApiError;
}

/** One field that failed validation, with its dotted path (e.g. "location.lat"). */
export interface FieldIssue {
  path: string;
  message: string;
}
