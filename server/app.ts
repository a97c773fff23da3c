import type { TimerLimits } from '../shared/timers';
import { createServer, type Server as HttpServer } from 'node:http';
import type { ClientConfig } from '../shared/client-config';
import { ensureAdmin } from './auth/bootstrap';
import { createAuth, type AuthStack } from './auth/create-auth';
import { Commands } from './commands/commands';
import { DestinationCommands } from './commands/destination-commands';
import { CallerLimits } from './edge/caller-limits';
import { createHttpApp } from './http/http-app';
import type { Config } from './config';
import { Counters } from './counters';
import { CallHistory } from './history/call-history';
import { EidoKept } from './eido/eido-kept';
import { EidoService } from './eido/eido-service';
import { ReportSource } from './reports/report-source';
import { PACK_EVERY_MS, ReplayRecorder, SAMPLE_EVERY_MS } from './replay/replay-recorder';
import { ReplayStore } from './replay/replay-store';
import { assignmentSafetyFrom } from './domain/assignment-safety';
import { operationHandlers } from './operations/handlers';
import { ReplicaAck } from './redis/replica-ack';
import { DispatchStatsService } from './live/dispatch-stats';
import { LiveFeed } from './live/live-feed';
import { Recommender } from './commands/recommender';
import type { Logger } from './log';
import type { RedisClient } from './redis/client';
import { makeKeys } from './redis/keys';
import { Grants, type GrantOptions } from './profiles/grants';
import { ProfileLinker } from './profiles/profile-linker';
import { ProfileService } from './profiles/profile-service';
import { ProfileStore } from './profiles/profile-store';
import { loadResponseRules } from './response-rules';
import { Lease, startLeasedJob } from './redis/lease';
import { Retention } from './redis/retention';
import { DestinationStore } from './redis/destination-store';
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
  /** How often connected sessions are re-checked; default 30 s (tests use less). */
  sessionCheckMs?: number;
  /** Safety-profile grant lifetime and extension; default 45 minutes each (tests use less). */
  profileGrants?: Pick<GrantOptions, 'ttlMs' | 'extendMs'>;
}

export interface App {
  httpServer: HttpServer;
  io: TandemServer;
  auth: AuthStack;
  /** The response rules' timers (check-ins, waits), for the simulator's teams. */
  timers: TimerLimits;
  /** What to tell the operator about a just-created admin account (printed once by main). */
  bootstrapMessage: string | null;
  feed: LiveFeed;
  commands: Commands;
  /** Transport destinations (the demo seeds them). */
  destinations: DestinationCommands;
  store: Store;
  profiles: ProfileService;
  profileLinker: ProfileLinker;
  /** Running totals exposed on /metrics. */
  counters: Counters;
  /** Removes finished calls past CALL_RETENTION_DAYS (run hourly under a lease). */
  retention: Retention;
  /** Records what shift replay plays back. */
  recorder: ReplayRecorder;
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
  const counters = new Counters();
  const replicaAck = config.redisReplicaAckMs > 0 ? new ReplicaAck(config.redisReplicaAckMs, counters, (m) => log.warn(m)) : null;
  const store = new Store(deps.redis, makeKeys(config.keyPrefix), config.streamMaxLen, config.streamMaxBytes, replicaAck);
  const safety = assignmentSafetyFrom(rules);
  const destinationStore = new DestinationStore(deps.redis, store.keys);
  const commands = new Commands(store, { mhKeywords: config.mhKeywords, backupRules: rules, safety, destinations: destinationStore, now: deps.now });
  const feed = new LiveFeed({ store, tailRedis: deps.tailRedis, log, coalesceMs: config.positionCoalesceMs });
  await feed.start();
  const stats = new DispatchStatsService(store, rules.timeZone, log, deps.now);
  await stats.start();
  feed.subscribe({ batch: () => undefined, reset: () => stats.nudge(), change: (c) => c.changes.some((x) => x.kind === 'call') && stats.nudge() });
  const recommender = new Recommender(feed, commands, rules, log, {
    intervalMs: config.recommendIntervalMs,
    now: deps.now,
    onUnmet: () => void stats.refresh(),
    counters,
  });
  recommender.start();
  // One recommender per deployment: the instance holding the lease runs it.
  const recommenderLease = new Lease(deps.redis, store.keys.lease('recommender'), log, (held) => recommender.setActive(held));
  recommenderLease.start();
  // Old finished calls leave Redis, hourly, on one instance.
  const retention = new Retention(
    deps.redis,
    store.keys,
    { callRetentionDays: config.callRetentionDays, replayRetentionDays: config.replayRetentionDays, now: deps.now },
    log,
  );
  const history = new CallHistory(deps.redis, store.keys, log);
  // Shift replay's recording: changes on every instance, positions and keyframes on one.
  const recorder = new ReplayRecorder(deps.redis, store.keys, feed, log, deps.now);
  const stopRecording = recorder.start();
  const replayJob = startLeasedJob(deps.redis, store.keys.lease('replay'), log, () => recorder.sample(), SAMPLE_EVERY_MS);
  // Its own job: packing a backlog (after downtime) takes a while and must not hold up sampling.
  const packJob = startLeasedJob(deps.redis, store.keys.lease('replay-pack'), log, () => recorder.pack(), PACK_EVERY_MS);
  const retentionJob = startLeasedJob(
    deps.redis,
    store.keys.lease('retention'),
    log,
    async () => {
      // The sweep first: it also finds finished calls older than the finished-calls index, which
      // the history backfill walks, and removes what is past retention before it is indexed.
      const removed = await retention.sweep();
      await history.backfill();
      return removed;
    },
    3_600_000,
  );

  const clientConfig: ClientConfig = {
    tileUrl: config.map.tileUrl,
    tileAttribution: config.map.tileAttribution,
    districtsUrl: '/geo/districts.geojson',
    districtsAttribution: config.map.districtsAttribution,
    center: config.sim.center,
    zoom: config.map.zoom,
    timers: rules.timers,
    travel: rules.travel,
    timeZone: rules.timeZone,
    hoursOfService: rules.hoursOfService,
    assignmentSafety: safety,
  };

  const authStack = createAuth(deps.redis, store.keys, config.auth, log, 'admin', deps.now);
  const bootstrap = () => ensureAdmin(authStack.auth.users, authStack.audit, config.auth.adminPassword, (deps.now ?? Date.now)());
  const bootstrapMessage = await bootstrap();
  // Redis lost its data (flushed, replaced): make again what a first start makes, so people
  // can still sign in. Another instance may have done it already; ensureAdmin is idempotent.
  feed.subscribe({
    batch: () => undefined,
    reset: async () => {
      const message = await bootstrap().catch((err: unknown) => (log.error('could not re-create the admin account after a reload', err), null));
      // Like the first start's message, to the operator's terminal rather than into the log.
      if (message) process.stdout.write(`Redis lost its data and was initialised again. ${message}\n`);
    },
  });

  const grantMs = config.auth.profileGrantMinutes * 60_000;
  const grants = new Grants(deps.redis, store.keys, { ttlMs: grantMs, extendMs: grantMs, ...deps.profileGrants, now: deps.now });
  const profileStore = new ProfileStore(deps.redis, store.keys);
  const profiles = new ProfileService(profileStore, grants, store, authStack.audit, deps.now);
  const profileLinker = new ProfileLinker(feed, profileStore, grants, commands, log);
  profileLinker.start();

  // The metrics route reads socket counts; Socket.IO is built on the HTTP server the app serves.
  const ioRef: { current: TandemServer | null } = { current: null };
  const destinations = new DestinationCommands(store, destinationStore, deps.now);
  const handlers = operationHandlers({
    commands,
    destinations,
    liveUnits: () => feed.projection.units.values(),
    counters,
    auth: authStack.auth,
    history,
    eido: new EidoService(commands, new EidoKept(deps.redis, store.keys)),
    reports: new ReportSource(deps.redis, store.keys),
    replay: new ReplayStore(deps.redis, store.keys),
    rules,
    adminOps: authStack.ops,
    audit: authStack.audit,
    profiles,
  });
  const limits = new CallerLimits(config.sessionChangeBurst);
  const app = createHttpApp({
    config,
    limits,
    redis: deps.redis,
    feed,
    commands,
    handlers,
    auth: authStack,
    clientConfig,
    log,
    clientDir: deps.clientDir ?? 'dist/client',
    io: () => ioRef.current,
    counters,
    keys: store.keys,
    replicaAck,
  });
  const httpServer = createServer(app);
  // Socket.IO's Redis adapter needs a publishing and a subscribed connection of its own.
  const adapterRedis = { pub: deps.redis.duplicate(), sub: deps.redis.duplicate() };
  for (const c of [adapterRedis.pub, adapterRedis.sub]) c.on('error', (err: Error) => log.debug('Socket.IO adapter connection error (retrying)', err));
  // The adapter publishes without catching: a publish while Redis is away (ending a session
  // during an outage) must be a logged warning, not an unhandled rejection that kills the server.
  const publish = adapterRedis.pub.publish.bind(adapterRedis.pub);
  Object.defineProperty(adapterRedis.pub, 'publish', {
    value: (...args: Parameters<typeof publish>) =>
      publish(...args).catch((err: unknown) => {
        log.warn('could not tell the other instances (Redis unreachable); they re-check sessions within 30 s', err);
        return 0;
      }),
  });
  await Promise.all([adapterRedis.pub.connect(), adapterRedis.sub.connect()]);
  const sockets = createSocketServer(
    httpServer,
    {
      adapterRedis,
      feed,
      commands,
      handlers,
      stats,
      auth: authStack.auth,
      allowedOrigins: config.auth.allowedOrigins,
      limits,
      sessionCheckMs: deps.sessionCheckMs,
    },
    log,
  );
  ioRef.current = sockets.io;
  authStack.setOnRevoked((ids) => sockets.endSessions(ids, 'your session has ended; sign in again'));

  return {
    httpServer,
    io: sockets.io,
    auth: authStack,
    bootstrapMessage,
    timers: rules.timers,
    feed,
    commands,
    destinations,
    store,
    profiles,
    profileLinker,
    counters,
    retention,
    recorder,
    async close() {
      stats.stop();
      await recommenderLease.stop();
      await retentionJob.stop();
      stopRecording();
      await replayJob.stop();
      await packJob.stop();
      await recommender.stop();
      await profileLinker.stop();
      await feed.stop();
      sockets.stop();
      const closed = new Promise<void>((done) => sockets.io.close(() => done()));
      // Browsers keep idle HTTP connections open; after a short grace, stop waiting for them.
      const grace = setTimeout(() => httpServer.closeAllConnections(), 1000);
      await closed;
      clearTimeout(grace);
      await Promise.all([adapterRedis.pub.quit(), adapterRedis.sub.quit()].map((p) => p.catch(() => undefined)));
    },
  };
}
