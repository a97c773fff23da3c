import { execFile } from 'node:child_process';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { SignedIn } from '../../shared/auth';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, signInAs, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';

/**
 * The admin command line as an operator runs it (`npm run admin -- <command>`), against the
 * same Redis as a running server. Sessions it ends reach open boards through the server's
 * session re-check, set short here.
 */
let redis: TestRedis;
let server: TestServer;
let raw: ReturnType<typeof createClient>;
let admin: string;
const clients: TestLiveClient[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, {}, { sessionCheckMs: 500 });
  admin = await server.signIn('admin', 'ada-cli');
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await raw?.quit().catch(() => undefined);
  await server?.close();
  await redis?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to completion (a minute at most on a busy machine) and says how it ended. Its
 * stdin is a pipe (not a terminal) holding `stdin`, then closed, as in `printf ... | npm run admin`.
 */
function cliWith(stdin: string, ...args: string[]): Promise<Run> {
  const env = { ...process.env, REDIS_URL: redis.url, KEY_PREFIX: server.config.keyPrefix, LOG_LEVEL: 'silent', USER: 'ops-olive' };
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/admin.ts', ...args],
      { cwd: process.cwd(), env, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err); // killed by the timeout, or could not start
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin!.on('error', () => undefined); // a CLI that refuses at once may close its stdin before we write
    child.stdin!.end(stdin);
  });
}
const cli = (...args: string[]) => cliWith('', ...args);

const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

describe('admin CLI', () => {
  it('adds a user with a generated password (--generate), shown once, that signs in through the server', async () => {
    const run = await cli('add-user', 'cleo-cli', 'dispatcher', '--generate');
    expect(run.code, run.stderr).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(password, run.stdout).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(12);

    const cookie = await signInAs(server.url, 'cleo-cli', password!);
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie })).body).toMatchObject({ username: 'cleo-cli', role: 'dispatcher' });
    // Who did it is on record, as the CLI's operator.
    const [made] = await audit('type=user.create&subject=cleo-cli');
    expect(made).toMatchObject({ component: 'cli', actor: 'cli:ops-olive', outcome: 'success' });

    // The same name again is refused, saying why, and the first account is as it was.
    const again = await cliWith('another long password\n', 'add-user', 'cleo-cli', 'supervisor');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a user named cleo-cli already exists; nothing was changed/);
    await signInAs(server.url, 'cleo-cli', password!);
  }, 120_000);

  it('refuses a password given as an argument (ps and shell history show it), says how to give it, and changes nothing', async () => {
    const secret = 'a long enough password on the command line';
    const add = await cli('add-user', 'pat-argv', 'dispatcher', secret);
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/^admin: add-user does not take a password as an argument/);
    expect(add.stderr).toContain("printf '%s\\n' '<password>' | npm run admin -- add-user pat-argv dispatcher");
    expect(add.stderr).toMatch(/--generate/);
    expect(add.stdout + add.stderr).not.toContain(secret); // not even echoed back
    expect(await raw.exists(server.app.store.keys.user('pat-argv'))).toBe(0);
    expect((await audit('type=user.create&subject=pat-argv')).length).toBe(0);

    // reset-password likewise: the old password still works, the one given does not.
    await server.signIn('dispatcher', 'quinn-argv');
    const reset = await cli('reset-password', 'quinn-argv', secret);
    expect(reset.code).toBe(1);
    expect(reset.stderr).toMatch(/^admin: reset-password does not take a password as an argument/);
    await signInAs(server.url, 'quinn-argv', TEST_PASSWORD);
    expect((await api(server.url, 'POST', '/session', { username: 'quinn-argv', password: secret }, { cookie: '' })).status).toBe(401);
  }, 120_000);

  it('takes the password from stdin (one line, not a terminal): the user signs in with it; reset-password too', async () => {
    const first = 'correct horse battery staple';
    const add = await cliWith(`${first}\n`, 'add-user', 'Dana-Stdin', 'dispatcher');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toBe('Created dana-stdin (dispatcher).\n'); // the name as the API stores it, and no password shown
    const cookie = await signInAs(server.url, 'dana-stdin', first);
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie })).body).toMatchObject({ username: 'dana-stdin', role: 'dispatcher' });

    const second = 'another passphrase, with spaces ';
    const reset = await cliWith(`${second}\r\n`, 'reset-password', 'dana-stdin');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/^Password of dana-stdin reset; their sessions were ended/);
    expect(reset.stdout).not.toContain(second.trim());
    expect((await api(server.url, 'GET', '/session', undefined, { cookie })).status).toBe(401); // the old session ended
    await signInAs(server.url, 'dana-stdin', second); // spaces kept, the line ending not
    expect((await api(server.url, 'POST', '/session', { username: 'dana-stdin', password: first }, { cookie: '' })).status).toBe(401);

    // Nothing on stdin, or a short password there: refused, saying what to do, nothing made.
    const none = await cliWith('', 'add-user', 'eve-empty', 'dispatcher');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^admin: no password on stdin\. Pipe it as one line: printf/);
    const short = await cliWith('tooshort\n', 'add-user', 'eve-short', 'dispatcher');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^admin: the password must be at least 12 characters; nothing was changed\. Give it on stdin/);
    const users = await cli('list-users');
    expect(users.stdout).not.toMatch(/eve-empty|eve-short/);
  }, 180_000);

  it('refuses a key name with markup exactly as the admin API does, and creates no key', async () => {
    const name = '<b>wall</b>';
    const viaApi = await api<{ error: { message: string; details: { issues: { path: string; message: string }[] } } }>(
      server.url,
      'POST',
      '/admin/keys',
      { kind: 'display', name },
      { cookie: admin },
    );
    expect(viaApi.status).toBe(400);
    const why = viaApi.body.error.details.issues.find((i) => i.path === 'name')!.message;

    for (const command of ['create-display-key', 'create-ingest-key']) {
      const run = await cli(command, name);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`admin: invalid key name "${name}": ${why}; nothing was changed\n`);
    }
    const keys = await cli('list-keys');
    expect(keys.stdout).not.toContain('wall</b>');
    expect((await audit('type=key.create')).map((r) => r.detail)).not.toContainEqual(expect.stringContaining('<b>'));

    // A name the API takes, the CLI takes too (trimmed the same way).
    const ok = await cli('create-ingest-key', '  cad.east-2  ');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Created ingest key "cad\.east-2"/);
  }, 120_000);

  it("changes a role and ends the user's sessions: the open board is disconnected and the old cookie stops working", async () => {
    const cookie = await server.signIn('dispatcher', 'rory-role');
    const board = new TestLiveClient(server.url, { cookie });
    clients.push(board);
    const ended: string[] = [];
    board.socket.on('session:ended', ({ reason }) => ended.push(reason));
    await board.waitFor('snapshot', () => true);

    const run = await cli('set-role', 'rory-role', 'coordinator');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rory-role is now coordinator; their sessions were ended/);

    expect((await api(server.url, 'GET', '/session', undefined, { cookie })).status).toBe(401);
    await expect.poll(() => board.socket.connected, { timeout: 15_000 }).toBe(false);
    expect(ended).toEqual(['your session has ended; sign in again']);
    // Signing in again gives the new role.
    const fresh = await signInAs(server.url, 'rory-role', TEST_PASSWORD);
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie: fresh })).body.role).toBe('coordinator');
  }, 120_000);

  it('lists users with their roles and lockouts, and never a password hash', async () => {
    await server.signIn('supervisor', 'lena-list');
    for (let i = 0; i < 5; i++) await api(server.url, 'POST', '/session', { username: 'lena-list', password: `wrong-password-${i}` }, { cookie: '' });
    const run = await cli('list-users');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.find((l) => l.startsWith('ada-cli '))).toMatch(/^ada-cli\s+admin$/);
    expect(lines.find((l) => l.startsWith('lena-list '))).toMatch(/^lena-list\s+supervisor\s+locked until \d{4}-\d\d-\d\dT/);

    const hash = await raw.hGet(server.app.store.keys.user('lena-list'), 'passwordHash');
    expect(hash).toBeTruthy();
    expect(run.stdout).not.toContain(hash!);
    expect(run.stdout).not.toMatch(/\$argon2/);
  }, 120_000);

  it('creates a display key that opens a wall screen once, signed in as the wall', async () => {
    const run = await cli('create-display-key', 'floor 3');
    expect(run.code, run.stderr).toBe(0);
    const key = /\/wall\?key=(\S+)/.exec(run.stdout)?.[1];
    expect(key, run.stdout).toBeDefined();
    // The key is printed on its own line too, for copying.
    expect(run.stdout).toContain(`\n  ${key}\n`);

    const entry = await fetch(`${server.url}/wall?key=${encodeURIComponent(key!)}`, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/wall');
    const cookie = entry.headers.get('set-cookie')!.split(';')[0]!;
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie })).body).toEqual({
      username: 'wall:floor 3',
      role: 'wall',
      idleMinutes: null,
    });
    const wall = new TestLiveClient(server.url, { cookie });
    clients.push(wall);
    await wall.waitFor('the wall snapshot', () => true);

    // list-keys shows it, never the secret.
    const keys = await cli('list-keys');
    expect(keys.stdout).toMatch(/display\s+floor 3/);
    expect(keys.stdout).not.toContain(key!);
  }, 120_000);

  it('refuses a bad command, role, name, key id or argument count with a clear message and a non-zero exit', async () => {
    // Independent refusals, run side by side: each is a Node start.
    const [unknown, badRole, badName, missing, noReset, badId, usage, unquoted, option] = await Promise.all([
      cli('make-coffee'),
      cli('add-user', 'bob-bad-role', 'sheriff', '--generate'),
      cli('add-user', 'Bad Name!', 'dispatcher', '--generate'),
      cli('set-role', 'nobody-here', 'dispatcher'),
      cliWith('a long enough password\n', 'reset-password', 'nobody-here'),
      cli('revoke-key', 'not-a-key-id'),
      cli('set-role', 'rory-role'),
      cli('create-display-key', 'floor', '4'),
      cli('add-user', 'sam-option', 'dispatcher', '--password=hunter2hunter2'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/^Unknown command "make-coffee"\./);
    expect(unknown.stdout).toContain('add-user <name> <role> [--generate]'); // the help follows

    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/^admin: invalid role "sheriff": .*(dispatcher|supervisor|coordinator|admin|wall).*; nothing was changed/);

    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/^admin: invalid user name "Bad Name!": must be 2-32 lower-case letters/);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^admin: no user named nobody-here/);

    expect(noReset.code).toBe(1);
    expect(noReset.stderr).toMatch(/^admin: no user named nobody-here; nothing was changed/);

    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/^admin: invalid key id "not-a-key-id": .*list-keys shows the ids/);

    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^admin: usage: npm run admin -- set-role <name> <role>/);

    expect(unquoted.code).toBe(1);
    expect(unquoted.stderr).toMatch(/^admin: create-display-key takes 1 argument \(quote a name with spaces: "floor 2"\)/);

    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^admin: add-user has one option, --generate/);
    expect(option.stderr).not.toContain('hunter2');

    // None of the refused commands created anyone or anything.
    const [users, keys] = await Promise.all([cli('list-users'), cli('list-keys')]);
    expect(users.stdout).not.toMatch(/bob-bad-role|bad name|sam-option/);
    expect(keys.stdout).not.toMatch(/\sfloor\s+made/); // not "floor" for "floor 4"
  }, 180_000);

  it('says Redis cannot be reached and exits non-zero, rather than wait forever', async () => {
    const env = { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' };
    const run = await new Promise<{ code: number | null; stderr: string; killed: boolean }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', 'list-users'], { cwd: process.cwd(), env, timeout: 30_000 }, (err, _o, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr, killed: err?.killed ?? false }),
      );
    });
    expect(run.killed, 'the CLI was still waiting after 30 s').toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^admin: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*\); check REDIS_URL/);
  }, 60_000);
});
