/**
 * Tandem's admin command line: accounts, roles, passwords, wall display keys and ingest keys.
 *
 *   npm run admin -- help
 *
 * It talks to the same Redis as the server: REDIS_SENTINELS or REDIS_URL when set; otherwise the embedded Redis a
 * running `npm start` left its port for, or (server stopped) the embedded data directory itself.
 *
 * Every argument is checked as the admin API checks it (admin-input.ts) before Redis is opened, and
 * passwords are never arguments: they come from stdin, a hidden prompt or --generate (password-input.ts).
 */
import { readFileSync } from 'node:fs';
import { ROLES } from '../../shared/roles';
import type { AdminOps } from '../auth/admin-ops';
import { createAuth, type AuthStack } from '../auth/create-auth';
import { loadConfig, type Config } from '../config';
import { DomainError } from '../domain/errors';
import { createLogger } from '../log';
import { connectRedis, type RedisClient, type RedisTarget } from '../redis/client';
import { pingOnce, runningEmbeddedPort, startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded';
import { makeKeys } from '../redis/keys';
import { Store } from '../redis/store';
import { Grants } from '../profiles/grants';
import { ProfileService } from '../profiles/profile-service';
import { ProfileStore } from '../profiles/profile-store';
import * as input from './admin-input';
import { CliError, obtainPassword } from './password-input';

const say = (s: string): void => void process.stdout.write(`${s}\n`);
// Output piped into `head` may close early: that must not crash us before the embedded Redis stops.
process.stdout.on('error', () => undefined);

/** What a command runs with, once its arguments were checked and Redis opened. */
interface Context {
  config: Config;
  redis: RedisClient;
  auth: AuthStack['auth'];
  ops: AdminOps;
  audit: AuthStack['audit'];
  /** Who acts, in the audit trail. */
  by: string;
  /** --generate was given. */
  generate: boolean;
}

interface Command<T> {
  /** The arguments, as the usage line shows them. */
  args: string[];
  /** Takes a password (from stdin, a prompt or --generate), never as an argument. */
  password?: true;
  what: string;
  /** The arguments as the admin API would take them; throws before anything is opened. */
  check: (args: string[]) => T;
  run: (checked: T, ctx: Context) => Promise<number | void>;
}

/** Keeps each command's checked-argument type between its check and its run. */
const command = <T>(c: Command<T>): Command<unknown> => c as Command<unknown>;

/** The command line that gives a password for `command`, for messages (arguments quoted for a shell when needed). */
function commandLine(name: string, args: string[]): string {
  const quoted = args.map((a) => (/^[\w.@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return `npm run admin -- ${[name, ...quoted].join(' ')}`;
}
const howToGive = (line: string) => `Give it on stdin (printf '%s\\n' '<password>' | ${line}), at the prompt when run at a terminal, or add --generate`;

async function mustExist(ctx: Context, username: string): Promise<void> {
  if (!(await ctx.auth.users.get(username))) throw new DomainError('not_found', `no user named ${username}; nothing was changed (list-users shows them)`);
}

/** Every command: the help, the argument checks and the work all read this. */
const COMMANDS: Record<string, Command<unknown>> = {
  'add-user': command({
    args: ['<name>', '<role>'],
    password: true,
    what: `create a user (role: ${ROLES.join(', ')})`,
    check: ([name, role]) => input.newUser(name, role),
    run: async (user, ctx) => {
      if (await ctx.auth.users.get(user.username)) throw new DomainError('conflict', `a user named ${user.username} already exists; nothing was changed`);
      const line = commandLine('add-user', [user.username, user.role]);
      const { password, generated } = await obtainPassword(user.username, { generate: ctx.generate, how: line });
      await ctx.ops.addUser(ctx.by, user.username, user.role, input.password(password, user, howToGive(line)));
      say(`Created ${user.username} (${user.role}).${generated ? ` Password (shown once): ${password}` : ''}`);
    },
  }),
  'set-role': command({
    args: ['<name>', '<role>'],
    what: "change a user's role (ends their sessions)",
    check: ([name, role]) => input.roleChange(name, role),
    run: async ({ username, role }, ctx) => {
      await ctx.ops.updateUser(ctx.by, username, { role });
      say(`${username} is now ${role}; their sessions were ended.`);
    },
  }),
  'reset-password': command({
    args: ['<name>'],
    password: true,
    what: 'set a new password (ends their sessions, clears a lockout)',
    check: ([name]) => input.userName(name),
    run: async (username, ctx) => {
      await mustExist(ctx, username);
      const line = commandLine('reset-password', [username]);
      const { password, generated } = await obtainPassword(username, { generate: ctx.generate, how: line });
      await ctx.ops.updateUser(ctx.by, username, { password: input.password(password, { username }, howToGive(line)) });
      say(`Password of ${username} reset; their sessions were ended and any lockout cleared.${generated ? ` New password (shown once): ${password}` : ''}`);
    },
  }),
  'remove-user': command({
    args: ['<name>'],
    what: 'delete a user',
    check: ([name]) => input.removal(name),
    run: async (username, ctx) => {
      await ctx.ops.removeUser(ctx.by, username);
      say(`Removed ${username}.`);
    },
  }),
  'list-users': command({
    args: [],
    what: 'users, roles and lockouts',
    check: () => null,
    run: async (_, ctx) => {
      for (const u of await ctx.auth.users.list()) {
        const locked = u.lockedUntil > Date.now() ? `  locked until ${new Date(u.lockedUntil).toISOString()}` : '';
        say(`${u.username.padEnd(24)} ${u.role}${locked}`);
      }
    },
  }),
  signout: command({
    args: ['<name>'],
    what: 'end all sessions of a user',
    check: ([name]) => input.signOut(name),
    run: async (username, ctx) => say(`Ended ${await ctx.ops.signOutEverywhere(ctx.by, username)} session(s) of ${username}.`),
  }),
  'create-display-key': command({
    args: ['<name>'],
    what: 'a key for a wall display; open /wall?key=<key> once on the screen',
    check: ([name]) => input.newKey('display', name),
    run: (key, ctx) => createKey(key, ctx),
  }),
  'create-ingest-key': command({
    args: ['<name>'],
    what: 'a key for a CAD integration: Authorization: Bearer <key>',
    check: ([name]) => input.newKey('ingest', name),
    run: (key, ctx) => createKey(key, ctx),
  }),
  'list-keys': command({
    args: [],
    what: 'display and ingest keys (never the secrets)',
    check: () => null,
    run: async (_, ctx) => {
      for (const k of await ctx.auth.apiKeys.list())
        say(`${k.id}  ${k.kind.padEnd(8)} ${k.name.padEnd(24)} made ${new Date(k.createdAt).toISOString()} by ${k.createdBy}`);
    },
  }),
  'revoke-key': command({
    args: ['<id>'],
    what: 'revoke a key (a wall using it is disconnected within a minute)',
    check: ([id]) => input.keyId(id),
    run: async (keyId, ctx) => say(`Revoked ${(await ctx.ops.revokeKey(ctx.by, keyId)).kind} key "${keyId}".`),
  }),
  'import-profiles': command({
    args: ['<file.json>'],
    what: 'import safety profiles (one object or an array), each checked',
    check: ([file]) => input.profileImport(readJson(file!)),
    run: async (records, ctx) => {
      const keys = makeKeys(ctx.config.keyPrefix);
      const store = new Store(ctx.redis, keys, ctx.config.streamMaxLen, ctx.config.streamMaxBytes);
      const service = new ProfileService(new ProfileStore(ctx.redis, keys), new Grants(ctx.redis, keys, {}), store, ctx.audit);
      const result = await service.importProfiles({ actor: ctx.by, role: 'admin', via: 'session', sessionId: null }, records);
      for (const r of result.results) say(`${r.ok ? 'imported' : 'FAILED  '} ${r.id ?? `#${r.index + 1}`}${r.ok ? '' : `: ${r.error.message}`}`);
      say(`${result.imported} imported, ${result.failed} failed.`);
      return result.failed > 0 ? 1 : 0;
    },
  }),
};

async function createKey({ kind, name }: { kind: 'display' | 'ingest'; name: string }, ctx: Context): Promise<void> {
  const { record, secret } = await ctx.ops.createKey(ctx.by, kind, name);
  say(`Created ${kind} key "${record.name}" (id ${record.id}). The key is shown once:\n\n  ${secret}\n`);
  say(
    kind === 'display'
      ? `On the wall screen, open once: http://<tandem-host>:${ctx.config.port}/wall?key=${secret}`
      : 'Integrations send it as: Authorization: Bearer <key>',
  );
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}; nothing was changed`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${file} is not JSON (${(err as Error).message}); nothing was changed`);
  }
}

const usageOf = (name: string): string => {
  const c = COMMANDS[name]!;
  return [name, ...c.args, ...(c.password ? ['[--generate]'] : [])].join(' ');
};

const HELP = `Tandem admin

${Object.keys(COMMANDS)
  .map((name) => `  ${usageOf(name).padEnd(38)}${COMMANDS[name]!.what}`)
  .join('\n')}

Passwords are never command-line arguments (ps and shell history would show them to others).
add-user and reset-password take the password:
  - from stdin, one line, when stdin is not a terminal:
      printf '%s\\n' 'a long passphrase' | npm run admin -- add-user dana dispatcher
  - asked for twice, without echo, when run at a terminal;
  - or made for you and shown once, with --generate.
Passwords need at least 12 characters. Names, roles and key names are checked as the admin API checks them.`;

/**
 * The command line, checked before anything is opened or changed: known options, the right
 * number of arguments, and never a password among them.
 */
function parseCommandLine(name: string, rest: string[]): { args: string[]; generate: boolean } {
  const c = COMMANDS[name]!;
  const usage = `usage: npm run admin -- ${usageOf(name)}`;
  const args = rest.filter((a) => !a.startsWith('--'));
  let generate = false;
  for (const option of rest.filter((a) => a.startsWith('--'))) {
    // Not echoed: a mistyped option may be a password.
    if (option === '--generate' && c.password) generate = true;
    else throw new CliError(`${name} has ${c.password ? 'one option, --generate' : 'no options'}; nothing was changed. ${usage}`);
  }
  if (args.length < c.args.length) throw new CliError(usage);
  if (args.length > c.args.length && c.password) {
    const line = commandLine(name, args.slice(0, c.args.length));
    throw new CliError(
      `${name} does not take a password as an argument: ps and your shell history would show it to others. Nothing was changed.\n` +
        `Give it on stdin, one line:  printf '%s\\n' '<password>' | ${line}\n` +
        `or run  ${line}  at a terminal and type it when asked, or add --generate to have one made and shown once.`,
    );
  }
  if (args.length > c.args.length) {
    const takes = c.args.length === 0 ? 'no arguments' : `${c.args.length} argument${c.args.length === 1 ? '' : 's'}`;
    const quote = c.args.includes('<name>') ? ' (quote a name with spaces: "floor 2")' : '';
    throw new CliError(`${name} takes ${takes}${quote}; nothing was changed. ${usage}`);
  }
  return { args, generate };
}

async function openRedis(config: Config): Promise<{ url: RedisTarget; embedded: EmbeddedRedis | null }> {
  if (config.redisSentinel) return { url: config.redisSentinel, embedded: null };
  if (config.redisUrl) return { url: config.redisUrl, embedded: null };
  const port = runningEmbeddedPort(config.redisDataDir);
  if (port && (await pingOnce(port))) return { url: `redis://127.0.0.1:${port}`, embedded: null };
  const embedded = await startEmbeddedRedis({ dataDir: config.redisDataDir, appendOnly: true });
  return { url: embedded.url, embedded };
}

/** How long the CLI tries to reach Redis before saying it cannot (the server keeps trying; a command should not). */
const REACH_REDIS_MS = 5_000;

/** A Redis URL fit to print: a password in it (redis://:secret@host) is replaced. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return 'the Redis in REDIS_URL';
  }
}

async function reachRedis(url: RedisTarget) {
  let lastError = 'no answer';
  const connecting = connectRedis(url, 'tandem-admin-cli', (err) => (lastError = err.message));
  const where = typeof url === 'string' ? shownUrl(url) : `the primary "${url.name}" (Sentinel)`;
  const timeout = new Promise<never>((_, reject) => {
    const fail = () =>
      reject(new DomainError('unavailable', `cannot reach Redis at ${where} (${lastError}); check REDIS_URL or REDIS_SENTINELS, or start Tandem first`));
    setTimeout(fail, REACH_REDIS_MS).unref();
  });
  return Promise.race([connecting, timeout]);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    say(HELP);
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    say(`Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  const cmd = COMMANDS[name]!;
  const { args, generate } = parseCommandLine(name, rest);
  const checked = cmd.check(args);

  const config = loadConfig();
  const log = createLogger('warn', 'admin');
  const { url, embedded } = await openRedis(config);
  try {
    const redis = await reachRedis(url);
    try {
      const { auth, ops, audit } = createAuth(redis, makeKeys(config.keyPrefix), config.auth, log, 'cli');
      const by = `cli:${process.env.USER ?? 'operator'}`;
      return (await cmd.run(checked, { config, redis, auth, ops, audit, by, generate })) ?? 0;
    } finally {
      await redis.quit().catch(() => undefined);
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`admin: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
