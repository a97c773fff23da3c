import { Router } from 'express';
import type { LiveFeed } from '../../live/live-feed';
import type { RedisClient } from '../../redis/client';

/** Liveness says the process answers; readiness says it can serve current data and take writes. */
export function healthRoutes(redis: RedisClient, feed: LiveFeed): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  r.get('/readyz', async (_req, res) => {
    const redisOk = await Promise.race([
      redis.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((done) => setTimeout(() => done(false), 1000)),
    ]);
    const ready = redisOk && feed.healthy;
    res
      .status(ready ? 200 : 503)
      .json({ ok: ready, redis: redisOk ? 'up' : 'unreachable', stream: feed.healthy ? 'following' : 'stalled', seq: feed.projection.seq });
  });
  return r;
}
