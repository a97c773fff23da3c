import { DisconnectsClientError } from 'redis';
import { DomainError } from '../domain/errors';
import { ReplicaNotConfirmedError } from './replica-ack';

/**
 * A command that was sent but never answered: the connection stalled (Redis paused or
 * overloaded) and was dropped to free it (see connectRedis). Unlike a refused connection, such
 * a command may still have been applied once Redis caught up.
 */
export function isUnanswered(err: unknown): boolean {
  return err instanceof DisconnectsClientError || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'));
}

/** What to tell a user whose change met a Redis failure, saying truthfully whether it happened. */
export function storeFailure(err: unknown, connected: boolean): DomainError {
  if (err instanceof ReplicaNotConfirmedError) {
    // details.saved tells an integration not to simply retry (a second call, a second backup).
    return new DomainError(
      'unavailable',
      'the change was saved on the data store (Redis) but its replica did not confirm it, so it may not survive a failover. Check the board before trying again.',
      { saved: true, why: err.message },
    );
  }
  // Sent to the old primary in the moment Sentinel demoted it; the script checks before writing.
  if (err instanceof Error && err.message.startsWith('READONLY')) {
    return new DomainError('unavailable', 'the data store (Redis) is switching to a new primary; nothing was changed. Try again in a few seconds.');
  }
  if (isUnanswered(err)) {
    return new DomainError(
      'unavailable',
      'the data store (Redis) did not answer in time; the change may or may not have been saved. Check the board before trying again.',
    );
  }
  if (!connected) return new DomainError('unavailable', 'the data store (Redis) is unreachable; nothing was changed. Try again shortly.');
  return new DomainError('internal', 'an unexpected error occurred; nothing may have been changed. Check the server log.');
}
