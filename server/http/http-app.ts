import type { CallerLimits } from '../edge/caller-limits';
import { resolve } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { ClientConfig } from '../../shared/client-config';
import type { AuthStack } from '../auth/create-auth';
import type { Commands } from '../commands/commands';
import type { Config } from '../config';
import type { Counters } from '../counters';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { WindowCounter } from '../redis/window-counter';
import type { TandemServer } from '../realtime/types';
import { errorHandler } from './errors';
import { operationRoutes } from './operation-routes';
import type { OperationHandlers } from '../operations/handlers';
import { confirmWritesOnReplica } from './replica-confirm';
import type { ReplicaAck } from '../redis/replica-ack';
import { auditRequests, identifyCaller, limitChanges, requireRole } from './request-auth';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { sessionRoutes, type SignInLimits } from './routes/session';
import { stateRoutes } from './routes/state';
import { wallEntryRoutes } from './routes/wall-entry';
import { staticClient } from './static';

export interface HttpDeps {
  config: Config;
  redis: RedisClient;
  feed: LiveFeed;
  commands: Commands;
  /** What each operation does; its REST routes come from shared/operations.ts. */
  handlers: OperationHandlers;
  auth: AuthStack;
  clientConfig: ClientConfig;
  log: Logger;
  clientDir: string;
  /** The Socket.IO server, once it exists (it is built on the HTTP server this app serves). */
  io: () => TandemServer | null;
  counters: Counters;
  keys: Keys;
  /** Set with a replica: changes are answered only once it has them (call commits confirm in the Store). */
  replicaAck: ReplicaAck | null;
  /** Per-caller limits on changes, shared with the sockets. */
  limits: CallerLimits;
}

/** The tile server's origin, for the CSP: the board may load map images from there and nowhere else. */
function tileOrigin(tileUrl: string): string[] {
  try {
    const u = new URL(tileUrl.replace(/\{[a-z]\}/g, 'a'));
    return [`${u.protocol}//${u.host.replace(/^a\./, '*.')}`];
  } catch {
    return [];
  }
}

/** The Express app: security headers, health, the REST API behind caller identification, the board. */
export function createHttpApp(d: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only the named proxies are believed about a client's address (req.ip, the sign-in limits).
  if (d.config.auth.trustProxy.length) app.set('trust proxy', d.config.auth.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', ...tileOrigin(d.clientConfig.tileUrl)],
          connectSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"], // Leaflet positions map panes with inline styles
          upgradeInsecureRequests: null, // dispatch floors often run plain HTTP on a closed network
        },
      },
      strictTransportSecurity: d.config.auth.trustProxy.length > 0,
    }),
  );
  app.use(healthRoutes(d.redis, d.feed));
  // Counts only, but they say how many units are free right now: an ingest key (what a
  // Prometheus scraper is given) or an admin's session.
  app.use('/metrics', identifyCaller(d.auth.auth, d.config.auth.allowedOrigins), requireRole('admin', 'ingest'));
  app.use(metricsRoutes(d.feed, d.io, d.counters));

  const api = express.Router();
  // Who is calling is known before any body is read, so only an integration's AVL report of a
  // whole fleet (up to 1,000 positions) may be larger than any other request.
  api.use(identifyCaller(d.auth.auth, d.config.auth.allowedOrigins));
  api.use(auditRequests(d.auth.audit));
  api.use(limitChanges(d.limits));
  api.post('/units/positions', requireRole('ingest'), express.json({ limit: '256kb', strict: true }));
  api.use(express.json({ limit: '32kb', strict: true }));
  // Failed sign-ins, counted in Redis across every instance (the lockout guards each account):
  // per account and address, so one attacker does not lock out a whole floor behind one NAT, and
  // a higher ceiling per address against guessing across many accounts. Successes do not count.
  const signInFailures: SignInLimits = {
    perAccountAndAddress: new WindowCounter(d.redis, (pair) => d.keys.rateLimit('signin-failures-pair', pair), 10, 15 * 60_000),
    perAddress: new WindowCounter(d.redis, (addr) => d.keys.rateLimit('signin-failures', addr), 100, 15 * 60_000),
  };
  if (d.replicaAck)
    api.use(
      ['/session', '/admin', '/profiles', '/calls/:id/profile'],
      confirmWritesOnReplica(d.replicaAck, d.redis, () => d.redis.isReady),
    );
  api.use(sessionRoutes(d.auth.auth, d.config.auth.idleMinutes, (ids) => d.auth.revoked(ids), signInFailures));
  api.use(operationRoutes(d.handlers));
  api.use(stateRoutes(d.feed, d.clientConfig));
  api.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such API route; see the README for the REST API' } });
  });
  app.use('/api/v1', api);
  app.get('/geo/districts.geojson', (_req, res) => {
    res.sendFile(resolve(d.config.map.districtsFile), { maxAge: '1d' });
  });
  app.use(wallEntryRoutes(d.auth.auth));
  app.use(staticClient(d.clientDir));
  app.use(errorHandler(d.log, () => d.redis.isReady));
  return app;
}
