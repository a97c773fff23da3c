/**
 * Tandem's admin command line: accounts, roles, passwords, wall display keys and ingest keys.
 *
 *   npm run admin -- help
 *
 * It talks to the same Redis as the server: REDIS_SENTINELS or REDIS_URL when set; otherwise the embedded Redis a
 * running `npm start` left its port for, or (server stopped) the embedded data directory itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Username, RoleSchema } from '../../shared/auth';
import { createAuth } from '../auth/create-auth';
import { loadConfig } from '../config';
import { DomainError } from '../domain/errors';
import { createLogger } from '../log';
import { connectRedis, type RedisTarget } from '../redis/client';
import { pingOnce, runningEmbeddedPort, startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded';
import { makeKeys } from '../redis/keys';
import { Store } from '../redis/store';
import { Grants } from '../profiles/grants';
import { ProfileService } from '../profiles/profile-service';
import { ProfileStore } from '../profiles/profile-store';

const HELP = `Tandem admin

  add-user <name> <role> [password]   create a user (role: dispatcher, supervisor, coordinator, admin, wall);
                                      without a password one is generated and shown once
  set-role <name> <role>              change a user's role (ends their sessions)
  reset-password <name> [password]    set a new password (ends their sessions, clears a lockout)
  remove-user <name>                  delete a user
  list-users                          users, roles and lockouts
  signout <name>                      end all sessions of a user
  create-display-key <name>           a key for a wall display; open /wall?key=<key> once on the screen
  create-ingest-key <name>            a key for a CAD integration: Authorization: Bearer <key>
  list-keys                           display and ingest keys (never the secrets)
  revoke-key <id>                     revoke a key (a wall using it is disconnected within a minute)
  import-profiles <file.json>         import safety profiles (one object or an array), each checked

Passwords need at least 12 characters.`;

const say = (s: string) => process.stdout.write(`${s}\n`);
// Output piped into `head` may close early: that must not crash us before the embedded Redis stops.
process.stdout.on('error', () => undefined);

async function openRedis(config: ReturnType<typeof loadConfig>): Promise<{ url: RedisTarget; embedded: EmbeddedRedis | null }> {
  if (config.redisSentinel) return { url: config.redisSentinel, embedded: null };
  if (config.redisUrl) return { url: config.redisUrl, embedded: null };
  const port = runningEmbeddedPort(config.redisDataDir);
  if (port && (await pingOnce(port))) return { url: `redis://127.0.0.1:${port}`, embedded: null };
  const embedded = await startEmbeddedRedis({ dataDir: config.redisDataDir, appendOnly: true });
  return { url: embedded.url, embedded };
}

/** How long the CLI tries to reach Redis before saying it cannot (the server keeps trying; a command should not). */
const REACH_REDIS_MS = 5_000;

async function reachRedis(url: RedisTarget) {
  let lastError = 'no answer';
  const connecting = connectRedis(url, 'tandem-admin-cli', (err) => (lastError = err.message));
  const where = typeof url === 'string' ? url : `the primary "${url.name}" (Sentinel)`;
  const timeout = new Promise<never>((_, reject) => {
    const fail = () =>
      reject(new DomainError('unavailable', `cannot reach Redis at ${where} (${lastError}); check REDIS_URL or REDIS_SENTINELS, or start Tandem first`));
    setTimeout(fail, REACH_REDIS_MS).unref();
  });
  return Promise.race([connecting, timeout]);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    say(HELP);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const log = createLogger('warn', 'admin');
  const { url, embedded } = await openRedis(config);
  const redis = await reachRedis(url);
  const { auth, ops, audit } = createAuth(redis, makeKeys(config.keyPrefix), config.auth, log, 'cli');
  const by = `cli:${process.env.USER ?? 'operator'}`;
  const need = (n: number, usage: string) => {
    if (args.length < n) throw new DomainError('bad_request', `usage: npm run admin -- ${usage}`);
  };
  const name = (i: number) => Username.parse(args[i]);
  const role = (i: number) => RoleSchema.parse(args[i]);
  try {
    switch (command) {
      case 'add-user': {
        need(2, 'add-user <name> <role> [password]');
        const password = args[2] ?? randomBytes(12).toString('base64url');
        await ops.addUser(by, name(0), role(1), password);
        say(`Created ${name(0)} (${role(1)}).${args[2] ? '' : ` Password (shown once): ${password}`}`);
        break;
      }
      case 'set-role':
        need(2, 'set-role <name> <role>');
        await ops.setRole(by, name(0), role(1));
        say(`${name(0)} is now ${role(1)}; their sessions were ended.`);
        break;
      case 'reset-password': {
        need(1, 'reset-password <name> [password]');
        const password = args[1] ?? randomBytes(12).toString('base64url');
        await ops.resetPassword(by, name(0), password);
        say(`Password of ${name(0)} reset.${args[1] ? '' : ` New password (shown once): ${password}`}`);
        break;
      }
      case 'remove-user':
        need(1, 'remove-user <name>');
        await ops.removeUser(by, name(0));
        say(`Removed ${name(0)}.`);
        break;
      case 'list-users':
        for (const u of await auth.users.list()) {
          const locked = u.lockedUntil > Date.now() ? `  locked until ${new Date(u.lockedUntil).toISOString()}` : '';
          say(`${u.username.padEnd(24)} ${u.role}${locked}`);
        }
        break;
      case 'signout':
        need(1, 'signout <name>');
        say(`Ended ${await ops.signOutEverywhere(by, name(0))} session(s) of ${name(0)}.`);
        break;
      case 'create-display-key':
      case 'create-ingest-key': {
        need(1, `${command} <name>`);
        const kind = command === 'create-display-key' ? 'display' : 'ingest';
        const { record, secret } = await ops.createKey(by, kind, args[0]!);
        say(`Created ${kind} key "${record.name}" (id ${record.id}). The key is shown once:\n\n  ${secret}\n`);
        say(
          kind === 'display'
            ? `On the wall screen, open once: http://<tandem-host>:${config.port}/wall?key=${secret}`
            : 'Integrations send it as: Authorization: Bearer <key>',
        );
        break;
      }
      case 'list-keys':
        for (const k of await auth.apiKeys.list())
          say(`${k.id}  ${k.kind.padEnd(8)} ${k.name.padEnd(24)} made ${new Date(k.createdAt).toISOString()} by ${k.createdBy}`);
        break;
      case 'revoke-key':
        need(1, 'revoke-key <id>');
        say(`Revoked ${(await ops.revokeKey(by, args[0]!)).kind} key "${args[0]}".`);
        break;
      case 'import-profiles': {
        need(1, 'import-profiles <file.json>');
        const raw = JSON.parse(readFileSync(args[0]!, 'utf8')) as unknown;
        const keys = makeKeys(config.keyPrefix);
        const store = new Store(redis, keys, config.streamMaxLen, config.streamMaxBytes);
        const service = new ProfileService(new ProfileStore(redis, keys), new Grants(redis, keys, {}), store, audit);
        const result = await service.importProfiles({ actor: by, role: 'admin', via: 'session', sessionId: null }, Array.isArray(raw) ? raw : [raw]);
        for (const r of result.results) say(`${r.ok ? 'imported' : 'FAILED  '} ${r.id ?? `#${r.index + 1}`}${r.ok ? '' : `: ${r.error.message}`}`);
        say(`${result.imported} imported, ${result.failed} failed.`);
        return result.failed > 0 ? 1 : 0;
      }
      default:
        say(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
    return 0;
  } finally {
    await redis.quit().catch(() => undefined);
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof DomainError
        ? err.message
        : err instanceof Error && 'issues' in err
          ? `invalid argument: ${(err as { issues: { message: string }[] }).issues[0]?.message}`
          : (err as Error).message;
    process.stderr.write(`admin: ${message}\n`);
    process.exit(1);
  },
);
