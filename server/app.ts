import { createServer, type Server as HttpServer } from 'node:http';
import { resolve } from 'node:path';
import express from 'express';
import type { ClientConfig } from '../shared/client-config';
import { Commands } from './commands/commands';
import type { Config } from './config';
import { errorHandler } from './http/errors';
import { identifyCaller } from './http/request-auth';
import { callRoutes } from './http/routes/calls';
import { healthRoutes } from './http/routes/health';
import { stateRoutes } from './http/routes/state';
import { unitRoutes } from './http/routes/units';
import { staticClient } from './http/static';
import { DispatchStatsService } from './live/dispatch-stats';
import { LiveFeed } from './live/live-feed';
import { Recommender } from './live/recommender';
import type { Logger } from './log';
import type { RedisClient } from './redis/client';
import { makeKeys } from './redis/keys';
import { loadResponseRules } from './response-rules';
import { Store } from './redis/store';
import { createSocketServer } from './realtime/socket-server';
import type { TandemServer } from './realtime/types';

export interface AppDeps {
  config: Config;
  /** For commands and reads. */
  redis: RedisClient;
  /** A second connection, used only by the blocking stream tail. */
  tailRedis: RedisClient;
  log: Logger;
  /** Where the built client lives; default dist/client. */
  clientDir?: string;
  now?: () => number;
}

export interface App {
  httpServer: HttpServer;
  io: TandemServer;
  feed: LiveFeed;
  commands: Commands;
  store: Store;
  /** Stops the feed and closes sockets; the caller closes Redis connections it opened. */
  close(): Promise<void>;
}

/**
 * Builds the whole server (REST, Socket.IO, live feed) around the given Redis connections and
 * loads the live state. It never listens: main() does that, tests listen on port 0.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log } = deps;
  const rules = loadResponseRules(config.responseRulesFile);
  const store = new Store(deps.redis, makeKeys(config.keyPrefix), config.streamMaxLen);
  const commands = new Commands(store, { mhKeywords: config.mhKeywords, now: deps.now });
  const feed = new LiveFeed({ store, tailRedis: deps.tailRedis, log, coalesceMs: config.positionCoalesceMs });
  await feed.start();
  const stats = new DispatchStatsService(store, rules.timeZone, log, deps.now);
  await stats.start();
  const recommender = new Recommender(feed, commands, rules, log, {
    intervalMs: config.recommendIntervalMs,
    now: deps.now,
    onUnmet: () => void stats.refresh(),
  });
  recommender.start();

  const clientConfig: ClientConfig = {
    tileUrl: config.map.tileUrl,
    tileAttribution: config.map.tileAttribution,
    districtsUrl: '/geo/districts.geojson',
    districtsAttribution: config.map.districtsAttribution,
    center: config.sim.center,
    zoom: config.map.zoom,
    timers: rules.timers,
    travel: rules.travel,
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps.redis, feed));
  const api = express.Router();
  api.use(express.json({ limit: '32kb', strict: true }));
  api.use(identifyCaller);
  api.use(callRoutes(commands));
  api.use(unitRoutes(commands));
  api.use(stateRoutes(feed, clientConfig));
  api.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such API route; see the README for the REST API' } });
  });
  app.use('/api/v1', api);
  app.get('/geo/districts.geojson', (_req, res) => {
    res.sendFile(resolve(config.map.districtsFile), { maxAge: '1d' });
  });
  app.use(staticClient(deps.clientDir ?? 'dist/client'));
  app.use(errorHandler(log, () => deps.redis.isReady));

  const httpServer = createServer(app);
  const io = createSocketServer(httpServer, { feed, commands, stats }, log);

  return {
    httpServer,
    io,
    feed,
    commands,
    store,
    async close() {
      stats.stop();
      await recommender.stop();
      await feed.stop();
      await new Promise<void>((done) => io.close(() => done()));
    },
  };
}
