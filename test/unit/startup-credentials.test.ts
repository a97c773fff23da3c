import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '../../server/auth/audit-log';
import { deliverCredentials, ensureAdmin } from '../../server/auth/bootstrap';
import type { UserStore } from '../../server/auth/user-store';
import { createLogger } from '../../server/log';

/**
 * Where start-up credentials go: the terminal when stdout is one, else an owner-only file whose
 * path alone is told. (The real server started with a pipe for stdout: test/integration/startup-credentials.test.ts.)
 */
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tandem-credentials-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('deliverCredentials', () => {
  it('on a terminal: answers the text itself, to be printed, and writes no file', () => {
    const file = join(dir, 'credentials.txt');
    expect(deliverCredentials('password s3cret-pass', 'The password was', { isTTY: true, file })).toBe('password s3cret-pass');
    expect(existsSync(file)).toBe(false);
  });

  it('not a terminal: appends to an owner-only file (0600, its new folder 0700) and answers only its path', () => {
    const file = join(dir, 'data', 'redis', 'credentials.txt');
    const told = deliverCredentials('admin password s3cret-pass', 'The admin password was', { isTTY: false, file });
    expect(told).toBe(`The admin password was written to ${file} (readable by its owner only; delete it once you have them).`);
    expect(told).not.toContain('s3cret');
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(dir, 'data', 'redis'))).toBe(0o700);
    deliverCredentials('demo password d3mo-pass', 'The demo password was', { isTTY: false, file });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# \d{4}-\d\d-\d\dT.*\nadmin password s3cret-pass\n\n# .*\ndemo password d3mo-pass\n\n$/);
  });

  it('makes an existing file owner-only before writing to it, and refuses a symbolic link', () => {
    const file = join(dir, 'credentials.txt');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    deliverCredentials('new s3cret', 'It was', { isTTY: false, file });
    expect(modeOf(file)).toBe(0o600);

    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, '');
    const link = join(dir, 'link.txt');
    symlinkSync(target, link);
    expect(() => deliverCredentials('s3cret', 'It was', { isTTY: false, file: link })).toThrow(
      /cannot write the credentials file .*link\.txt: it is a symbolic link/,
    );
    expect(readFileSync(target, 'utf8')).toBe('');
  });
});

describe('ensureAdmin', () => {
  const users = (created: string[]) =>
    ({
      anyAdmin: () => Promise.resolve(false),
      create: (name: string) => (created.push(name), Promise.resolve(true)),
    }) as unknown as UserStore;
  const audit = { record: () => Promise.resolve() } as unknown as AuditLog;

  it('not a terminal: the generated password goes to the file, the message names only the file', async () => {
    const file = join(dir, 'credentials.txt');
    const created: string[] = [];
    const message = await ensureAdmin(users(created), audit, undefined, 0, { isTTY: false, file });
    expect(created).toEqual(['admin']);
    const password = /with password (\S+)/.exec(readFileSync(file, 'utf8'))?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(12);
    expect(message).toBe(`Created the admin account "admin"; its password was written to ${file} (readable by its owner only; delete it once you have them).`);
    expect(message).not.toContain(password!);
  });

  it('on a terminal: the message carries the password; with TANDEM_ADMIN_PASSWORD nothing secret is made or written', async () => {
    const file = join(dir, 'credentials.txt');
    expect(await ensureAdmin(users([]), audit, undefined, 0, { isTTY: true, file })).toMatch(/^Created the admin account "admin" with password \S{16}\n/);
    expect(await ensureAdmin(users([]), audit, 'a password from the environment', 0, { isTTY: false, file })).toBe(
      'Created the admin account "admin" with the password from TANDEM_ADMIN_PASSWORD.',
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe('the log redaction list', () => {
  it('also hides Redis and Sentinel passwords, display and ingest keys and session ids, whatever the depth', () => {
    vi.stubEnv('LOG_FORMAT', 'json');
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer | string, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    try {
      createLogger('info', 'test', sink).info('connecting', {
        target: { name: 'tandem', password: 'r3dis-pass', sentinelPassword: 's3ntinel-pass' },
        wall: { displayKey: 'd1splay-key', sid: 's3ssion-id' },
        integration: { ingestKey: '1ngest-key', name: 'cad' },
        credentials: 'adm1n-pass',
      });
    } finally {
      vi.unstubAllEnvs();
    }
    const text = chunks.join('');
    for (const secret of ['r3dis-pass', 's3ntinel-pass', 'd1splay-key', 's3ssion-id', '1ngest-key', 'adm1n-pass']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ extra: { target: { name: 'tandem', sentinelPassword: '[redacted]' }, integration: { name: 'cad' } } });
  });
});
