import type { RequestHandler } from 'express';
import type { ApiErrorBody } from '../../shared/errors';
import { currentConnection } from '../redis/primary-follower';
import type { ReplicaAck } from '../redis/replica-ack';
import type { RedisClient } from '../redis/client';
import { storeFailure } from '../redis/redis-errors';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For routes whose stores write with plain Redis commands (accounts, keys, sessions, safety
 * profiles): a successful change is answered only once a replica has it, like a call commit
 * (see ReplicaAck), so a sign-out or a registered profile cannot come undone in a failover.
 * The response is held at its last step, when its status and body are known but nothing is
 * sent; one WAIT on the connection the writes went down covers all of them.
 */
export function confirmWritesOnReplica(ack: ReplicaAck, redis: RedisClient, redisReady: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => unknown;
    res.end = ((...args: unknown[]) => {
      // Only a whole, unsent success is held: once headers are out there is nothing to change.
      if (res.statusCode >= 300 || res.headersSent) return end(...args);
      ack
        .confirm(currentConnection(redis))
        .then(
          () => end(...args),
          (err: unknown) => {
            const failure = storeFailure(err, redisReady());
            const body: ApiErrorBody = { error: failure.toApiError() };
            for (const h of ['content-length', 'etag', 'location', 'set-cookie']) res.removeHeader(h);
            res.statusCode = 503;
            res.setHeader('content-type', 'application/json; charset=utf-8');
            end(JSON.stringify(body));
          },
        )
        .catch(() => res.destroy()); // the answer could not be sent at all: close rather than hang
      return res;
    }) as typeof res.end;
    next();
  };
}
