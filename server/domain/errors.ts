import type { ApiError, ErrorCode } from '../../shared/errors';

/** A refusal the user can act on. Domain logic throws it; the edges turn it into a 400/404/409 or an ack. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

export interface Versioned {
  version: number;
  updatedBy: string;
  updatedAt: number;
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

/**
 * Refuses a command made on a stale view, saying what changed, by whom and when, so the user
 * can look again instead of guessing ("unit E12 was changed by dispatcher-b 3 s ago").
 */
export function assertVersion(what: string, entity: Versioned, expected: number | undefined, now: number): void {
  if (expected === undefined || expected === entity.version) return;
  throw new DomainError(
    'conflict',
    // Versions stay in the details for programs; people get who and when.
    `${what} was changed by ${entity.updatedBy} ${ago(now - entity.updatedAt)}, after you looked; look again and retry`,
    { expectedVersion: expected, actualVersion: entity.version, updatedBy: entity.updatedBy, updatedAt: entity.updatedAt },
  );
}

/**
 * assertVersion for a call: a view is stale only when a person or an integration changed the
 * call since; what Tandem itself added meanwhile (a recommendation) does not count.
 */
export function assertCallVersion(what: string, call: Versioned & { editedVersion?: number | undefined }, expected: number | undefined, now: number): void {
  if (expected !== undefined && expected >= (call.editedVersion ?? call.version) && expected <= call.version) return;
  assertVersion(what, call, expected, now);
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} does not exist`);
}
