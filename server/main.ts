import { createApp } from './app';
import { credentialOutput, useCredentialsDir } from './auth/bootstrap';
import { loadConfig, type Config } from './config';
import { createLogger } from './log';
import { connectRedis, type RedisTarget } from './redis/client';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded';
import { ensureDemoAccounts, ensureDemoProfiles } from './sim/demo-accounts';
import { ensureDemoDestinations } from './sim/demo-destinations';
import { startSimulator } from './sim/simulator';

/** The composition root: config, Redis, app, listen, simulator; and a clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  // Credentials made at start-up: to the terminal when stdout is one, else to an owner-only file
  // here, next to the embedded Redis's data (see deliverCredentials). Never to the logger.
  useCredentialsDir(config.redisDataDir);
  // A 911 board must keep running: a promise some library left uncaught is logged, not fatal.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection (the server carries on)', reason));

  let embedded: EmbeddedRedis | null = null;
  let redisAt: RedisTarget | undefined = config.redisSentinel ?? config.redisUrl;
  if (!redisAt) {
    log.info(`starting an embedded redis-server (data in ${config.redisDataDir}, AOF on)`);
    embedded = await startEmbeddedRedis({ dataDir: config.redisDataDir, appendOnly: true });
    embeddedToStop = embedded;
    redisAt = embedded.url;
  }

  let lastRedisError = '';
  const onRedisError = (err: Error) => {
    if (err.message === lastRedisError) return; // the reconnect loop repeats itself; say it once
    lastRedisError = err.message;
    log.warn('Redis connection error (retrying)', err);
  };
  if (typeof redisAt !== 'string') log.info(`following the Redis primary "${redisAt.name}" as Redis Sentinel names it`);
  const redis = await connectRedis(redisAt, 'tandem', onRedisError);
  const tailRedis = await connectRedis(redisAt, 'tandem-stream-tail', onRedisError);
  redis.on('ready', () => (lastRedisError = ''));

  const app = await createApp({ config, redis, tailRedis, log });
  await new Promise<void>((listening, failed) => {
    app.httpServer.once('error', failed);
    app.httpServer.listen(config.port, config.host, () => listening());
  }).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${config.port} is already in use; set PORT to a free port` : err.message;
    throw new Error(`cannot listen: ${why}`);
  });

  const sim = config.sim.enabled
    ? await startSimulator({
        commands: app.commands,
        feed: app.feed,
        config: config.sim,
        log,
        geojsonPath: config.map.districtsFile,
        checkInMinutes: app.timers.checkInMinutes,
      })
    : null;

  const url = `http://localhost:${config.port}`;
  if (app.bootstrapMessage) process.stdout.write(`${app.bootstrapMessage}\n`);
  const demo = sim ? await ensureDemoAccounts(app.auth, url) : null;
  if (demo) process.stdout.write(`${demo}\n`);
  const credentials = credentialOutput();
  if (!credentials.isTTY && [app.bootstrapMessage, demo].some((m) => m?.includes(credentials.file))) {
    log.info(`stdout is not a terminal: the sign-in credentials made at this start are in ${credentials.file} (owner-only)`);
  }
  const demoProfiles = sim ? await ensureDemoProfiles(app.profiles) : null;
  if (demoProfiles) process.stdout.write(`${demoProfiles}\n`);
  const demoDestinations = sim ? await ensureDemoDestinations(app.destinations) : null;
  if (demoDestinations) process.stdout.write(`${demoDestinations}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await sim?.stop();
    await app.close();
    await redis.quit().catch(() => undefined);

    await embedded?.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  // Said only once a stop would be clean: whoever waits for this line may send SIGTERM at once.
  process.stdout.write(`Tandem is live at ${url}${sim ? ' (simulated city; SIMULATE=0 turns it off)' : ''}\n`);
  process.stdout.write(`Sign in at ${url}/login. Add users and wall display keys with: npm run admin -- help\n`);
}

/** A redis-server we started must not outlive a failed start. */
let embeddedToStop: EmbeddedRedis | null = null;

main().catch(async (err: unknown) => {
  process.stderr.write(`Tandem could not start: ${(err as Error).message}\n`);
  await embeddedToStop?.stop();
  process.exit(1);
});
