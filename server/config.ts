import { isIP } from 'node:net';
import { z } from 'zod';
import type { SentinelTarget } from './redis/client';
import { parseHostPorts } from './redis/sentinel';

/** An entry of TRUST_PROXY: a named range Express knows, or an IP address with an optional prefix length. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [ip, bits, ...rest] = entry.split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const flag = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter((x) => x.length > 0),
);

/** Every setting Tandem reads from the environment, with its default. Parsed once, at start-up. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Use this Redis. Unset: start an embedded redis-server with its data under REDIS_DATA_DIR. */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_DATA_DIR: z.string().default('./data/redis'),
  /** Follow the primary these Redis Sentinels name ("host:port,host:port,..."), instead of REDIS_URL. */
  REDIS_SENTINELS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      try {
        return parseHostPorts(s);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${(err as Error).message}; give host:port,host:port,...` });
        return z.NEVER;
      }
    }),
  /** The name the sentinels monitor the primary under (`sentinel monitor <name> ...`). */
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .default('tandem'),
  /** With Sentinel: the Redis servers' password, and the sentinels' own (REDIS_URL carries its own). */
  REDIS_PASSWORD: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /**
   * With a replica: a change is acknowledged only once a replica has it too (WAIT), waiting at
   * most this long. Default 1000 with Sentinel, 0 (off) otherwise.
   */
  // At most half the stall watchdog's 3 s: a WAIT holds its connection, and a longer one would
  // look like a stalled Redis and drop every command in flight.
  REDIS_REPLICA_ACK_MS: z.coerce.number().int().min(0).max(1_500).optional(),
  KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/)
    .default('tandem:'),
  /** How many changes the stream keeps for clients resuming after a disconnect (approximate). */
  STREAM_MAXLEN: z.coerce.number().int().min(1000).default(100_000),
  /** ...and about this many bytes: a commit of a fleet's positions is one entry of many kilobytes. */
  STREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_000_000)
    .default(256 * 1024 * 1024),
  /** Positions of one unit arriving within this window are sent to clients as one. */
  POSITION_COALESCE_MS: z.coerce.number().int().min(0).max(2000).default(100),
  /** Words in call notes that flag a call as mental-health related. */
  MH_KEYWORDS: csv.default([
    'suicid',
    'kill myself',
    'overdose',
    'psych',
    'schizo',
    'bipolar',
    'hallucinat',
    'voices',
    'crisis',
    'self-harm',
    'self harm',
    'depress',
    'paranoi',
    'mental',
  ]),
  /** Recommendation rules and timer limits (JSON); see server/response-rules.json. */
  RESPONSE_RULES_FILE: z.string().default('server/response-rules.json'),
  /** How often recommendations are recomputed while units move. */
  RECOMMEND_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Changes one person's session may make in 10 s, over REST and sockets together; a board never needs more. */
  SESSION_CHANGE_BURST: z.coerce.number().int().min(5).max(100_000).default(30),
  /** Workstation sessions end after this long without activity. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Password for the first admin account; unset: a random one is printed once at first start. */
  TANDEM_ADMIN_PASSWORD: z.string().optional(),
  /** Comma-separated ingest keys for CAD integrations (in addition to keys made with the CLI). */
  INGEST_API_KEYS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k.length > 0),
    )
    .refine((keys) => keys.every((k) => k.length >= 24), 'each key must be at least 24 characters'),
  /** Browser origins allowed to call the API and open sockets, comma-separated; default: the server's own. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter((o) => o.length > 0),
    ),
  /**
   * The TLS-terminating proxies in front of Tandem, by address or subnet (`loopback`,
   * `uniquelocal`, `10.0.0.5`, `10.0.0.0/8`, comma-separated): cookies are marked Secure and a
   * client's address is read from X-Forwarded-For, but only on requests that came through one of
   * them. A bare "1" would believe a forged header from anyone who reaches the port, so it is refused.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((s) =>
      ['0', 'false', 'no'].includes(s.trim().toLowerCase())
        ? []
        : s
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x.length > 0),
    )
    .refine((list) => list.every(isProxyAddress), {
      message:
        "name the proxies by address or subnet (for example loopback, or 10.0.0.5,10.0.0.6, or 10.0.0.0/8); a bare '1' or 'true' would trust a forged X-Forwarded-For from anyone who reaches the port",
    }),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
  /** The audit trail's size cap (about 200 bytes a record), whatever its age: a bound on memory. */
  AUDIT_MAX_ENTRIES: z.coerce.number().int().min(10_000).default(2_000_000),
  /** Closed and cancelled calls are kept this long (for search and reports), then removed. */
  CALL_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
  /** Shift replay's recording is kept this long (unset: as long as calls). Positions make it large in a big city. */
  REPLAY_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  /** How long a call may open its caller's safety profile (and how much a supervisor's extension adds). */
  PROFILE_GRANT_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(45),
  SIMULATE: flag.default(true),
  /**
   * Which pending calls the simulator's dispatcher sends units to: 'own' (the calls it made up;
   * calls a person or an integration enters are left to people), 'all', or 'off' (0).
   */
  SIM_AUTODISPATCH: z
    .enum(['own', 'all', 'off', '0', '1'])
    .default('own')
    .transform((v) => (v === '0' ? 'off' : v === '1' ? 'all' : v)),
  SIM_SEED: z.coerce
    .number()
    .int()
    .default(() => Date.now() % 2 ** 31),
  SIM_CENTER_LAT: z.coerce.number().min(-90).max(90).default(39.7392),
  SIM_CENTER_LON: z.coerce.number().min(-180).max(180).default(-104.9903),
  SIM_RADIUS_KM: z.coerce.number().min(1).max(100).default(11),
  SIM_CALLS_PER_HOUR: z.coerce.number().min(0).max(100_000).default(90),
  /** Simulated seconds per real second: 60 runs an hour of the city in a minute. */
  SIM_SPEED: z.coerce.number().min(0.1).max(1000).default(1),
  /** Scales the simulated fleet (1 = a Denver-sized shift of about 120 units). */
  SIM_FLEET_SCALE: z.coerce.number().min(0.05).max(50).default(1),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  DISTRICTS_FILE: z.string().default('shared/geo/denver-neighborhoods.geojson'),
  DISTRICTS_ATTRIBUTION: z.string().default('Neighborhoods: City and County of Denver (CC BY 3.0)'),
  MAP_ZOOM: z.coerce.number().min(1).max(19).default(12),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

/** The configuration the server runs with, shaped for its parts; its type follows from configFrom. */
export type Config = ReturnType<typeof configFrom>;

/** Parse the environment; throws an Error listing every bad variable and what it must be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}\nFix these environment variables and start again.`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && e.REDIS_SENTINELS.length > 0) {
    throw new Error('Invalid configuration:\n  REDIS_URL and REDIS_SENTINELS are both set; set one (REDIS_SENTINELS for a Sentinel deployment).');
  }
  return configFrom(e);
}

function configFrom(e: z.output<typeof EnvSchema>) {
  const sentinel: SentinelTarget | undefined =
    e.REDIS_SENTINELS.length > 0
      ? {
          sentinels: e.REDIS_SENTINELS,
          name: e.REDIS_SENTINEL_NAME,
          ...(e.REDIS_PASSWORD ? { password: e.REDIS_PASSWORD } : {}),
          ...(e.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: e.REDIS_SENTINEL_PASSWORD } : {}),
        }
      : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    /** Set when Redis runs under Sentinel: REDIS_URL is then not used. */
    redisSentinel: sentinel,
    /** 0: acknowledge once the primary has a change; more: also wait (this long at most) for a replica. */
    redisReplicaAckMs: e.REDIS_REPLICA_ACK_MS ?? (sentinel ? 1000 : 0),
    redisDataDir: e.REDIS_DATA_DIR,
    keyPrefix: e.KEY_PREFIX,
    streamMaxLen: e.STREAM_MAXLEN,
    streamMaxBytes: e.STREAM_MAX_BYTES,
    positionCoalesceMs: e.POSITION_COALESCE_MS,
    mhKeywords: e.MH_KEYWORDS,
    responseRulesFile: e.RESPONSE_RULES_FILE,
    recommendIntervalMs: e.RECOMMEND_INTERVAL_MS,
    sessionChangeBurst: e.SESSION_CHANGE_BURST,
    callRetentionDays: e.CALL_RETENTION_DAYS,
    replayRetentionDays: Math.min(e.REPLAY_RETENTION_DAYS ?? e.CALL_RETENTION_DAYS, e.CALL_RETENTION_DAYS),
    logLevel: e.LOG_LEVEL,
    auth: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      adminPassword: e.TANDEM_ADMIN_PASSWORD,
      ingestKeys: e.INGEST_API_KEYS,
      allowedOrigins: e.ALLOWED_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      auditRetentionDays: e.AUDIT_RETENTION_DAYS,
      auditMaxEntries: e.AUDIT_MAX_ENTRIES,
      profileGrantMinutes: e.PROFILE_GRANT_MINUTES,
    },
    map: {
      tileUrl: e.TILE_URL,
      tileAttribution: e.TILE_ATTRIBUTION,
      districtsFile: e.DISTRICTS_FILE,
      districtsAttribution: e.DISTRICTS_ATTRIBUTION,
      zoom: e.MAP_ZOOM,
    },
    sim: {
      enabled: e.SIMULATE,
      autoDispatch: e.SIM_AUTODISPATCH,
      seed: e.SIM_SEED,
      center: { lat: e.SIM_CENTER_LAT, lon: e.SIM_CENTER_LON },
      radiusKm: e.SIM_RADIUS_KM,
      callsPerHour: e.SIM_CALLS_PER_HOUR,
      speed: e.SIM_SPEED,
      fleetScale: e.SIM_FLEET_SCALE,
    },
  };
}
