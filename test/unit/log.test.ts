import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel } from '../../server/log';

/** A logger writing into memory, and the lines it wrote. */
function capture(level: LogLevel, component?: string) {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger(level, component, sink);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, text, lines };
}

describe('createLogger (JSON)', () => {
  beforeEach(() => {
    vi.stubEnv('LOG_FORMAT', 'json');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes one JSON object a line with level, time, component and the message as given', () => {
    const { log, lines } = capture('info', 'lease');
    log.info('took the lease 100% %s %d {msg}');
    const [line, ...rest] = lines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'info', component: 'lease', msg: 'took the lease 100% %s %d {msg}' });
    expect(typeof line?.time).toBe('string');
    expect(Number.isNaN(Date.parse(line?.time as string))).toBe(false);
  });

  it("names the component 'tandem' by default", () => {
    const { log, lines } = capture('info');
    log.warn('hello');
    expect(lines()[0]).toMatchObject({ level: 'warn', component: 'tandem', msg: 'hello' });
  });

  it('filters by level: debug is hidden at info, the rest is shown', () => {
    const { log, lines } = capture('info');
    log.debug('not shown');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it('shows debug at debug and only errors at error', () => {
    const debug = capture('debug');
    debug.log.debug('d');
    expect(debug.lines().map((l) => l.level)).toEqual(['debug']);
    const error = capture('error');
    error.log.warn('w');
    error.log.error('e');
    expect(error.lines().map((l) => l.level)).toEqual(['error']);
  });

  it("writes nothing at all at 'silent'", () => {
    const { log, text } = capture('silent');
    log.debug('d', { a: 1 });
    log.info('i');
    log.warn('w', new Error('w'));
    log.error('e', new Error('e'));
    expect(text()).toBe('');
  });

  it('logs an Error with its type, message, stack and cause', () => {
    const { log, lines } = capture('info');
    const root = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    log.error('Redis connection error', new TypeError('outer failure', { cause: root }));
    const line = lines()[0]!;
    expect(line.msg).toBe('Redis connection error');
    expect(line.extra).toBeUndefined();
    const err = line.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'TypeError', message: 'outer failure' });
    expect(err.stack).toMatch(/^TypeError: outer failure\n\s+at /);
    expect(err.cause).toMatchObject({ type: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' });
    expect((err.cause as Record<string, unknown>).stack).toMatch(/^Error: connect ECONNREFUSED\n\s+at /);
  });

  it('keeps a cause that is not an Error', () => {
    const { log, lines } = capture('info');
    log.warn('failed', new Error('outer', { cause: 'the disk is full' }));
    expect(lines()[0]?.err).toMatchObject({ message: 'outer', cause: 'the disk is full' });
  });

  it('logs other values under extra, with Errors inside an object keeping their stack', () => {
    const { log, lines } = capture('info');
    log.info('object', { socket: 'abc', n: 2 });
    log.info('string', 'just text');
    log.info('number', 42);
    log.info('null', null);
    log.info('nested error', { what: 'tick', error: new Error('inner') });
    const [object, string, number, nul, nested] = lines();
    expect(object?.extra).toEqual({ socket: 'abc', n: 2 });
    expect(string?.extra).toBe('just text');
    expect(number?.extra).toBe(42);
    expect(nul?.extra).toBeNull();
    const inner = (nested?.extra as Record<string, Record<string, unknown>>).error!;
    expect(nested?.extra).toMatchObject({ what: 'tick', error: { type: 'Error', message: 'inner' } });
    expect(inner.stack).toMatch(/^Error: inner\n\s+at /);
  });

  it('redacts secrets and caller phones at any depth, keeping the rest', () => {
    const { log, lines } = capture('info');
    const extra = {
      user: 'ada',
      password: 'hunter2',
      request: { headers: { authorization: 'Bearer tdm_i_secret', cookie: 'tandem_session=abc', host: 'example.org' } },
      call: { number: '2026-000123', callerPhone: '303-555-0142', profile: { emergencyContacts: [{ name: 'Bo', phone: '3035550199' }] } },
      keys: [{ apiKey: 'k1', name: 'cad' }],
      auth: { sessionId: 's1', newPassword: 'p2', token: 't', secret: 's', verifiedPhones: ['3035550142'] },
    };
    log.info('signed in', extra);
    const line = lines()[0]!;
    expect(line.msg).toBe('signed in');
    expect(line.extra).toEqual({
      user: 'ada',
      password: '[redacted]',
      request: { headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'example.org' } },
      call: { number: '2026-000123', callerPhone: '[redacted]', profile: { emergencyContacts: [{ name: 'Bo', phone: '[redacted]' }] } },
      keys: [{ apiKey: '[redacted]', name: 'cad' }],
      auth: { sessionId: '[redacted]', newPassword: '[redacted]', token: '[redacted]', secret: '[redacted]', verifiedPhones: '[redacted]' },
    });
    // The caller's object is left as it was.
    expect(extra.password).toBe('hunter2');
    expect(extra.call.callerPhone).toBe('303-555-0142');
  });

  it("redacts an Error's own secret-looking fields", () => {
    const { log, lines } = capture('info');
    log.error('request failed', Object.assign(new Error('401'), { config: { headers: { authorization: 'Bearer x' } }, callerPhone: '303' }));
    expect(lines()[0]?.err).toMatchObject({ message: '401', config: { headers: { authorization: '[redacted]' } }, callerPhone: '[redacted]' });
  });

  it('does not rewrite the message: free text is not redacted', () => {
    const { log, lines } = capture('info');
    log.info('caller 303-555-0142 password=hunter2');
    expect(lines()[0]?.msg).toBe('caller 303-555-0142 password=hunter2');
  });
});

describe('createLogger (pretty)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes human-readable lines with time, level, component and message, uncoloured off a terminal', () => {
    vi.stubEnv('LOG_FORMAT', 'pretty');
    const { log, text } = capture('info', 'sim');
    log.info('sim: started', { units: 3, callerPhone: '303' });
    log.error('tick failed', new Error('boom'));
    const out = text();
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: \[sim\] sim: started /);
    expect(first).toContain('"units":3');
    expect(first).toContain('"callerPhone":"[redacted]"');
    expect(out).toMatch(/ERROR: \[sim\] tick failed/);
    expect(out).toContain('Error: boom');
    expect(out).not.toContain('\u001b['); // no colour codes: the sink is not a TTY
  });

  it('is JSON when LOG_FORMAT is unset and the destination is not a terminal', () => {
    vi.stubEnv('LOG_FORMAT', '');
    const { log, lines } = capture('info', 'x');
    log.info('hi');
    expect(lines()[0]).toMatchObject({ level: 'info', component: 'x', msg: 'hi' });
  });
});
