import { describe, expect, it, vi } from 'vitest';
import { apiJson, ApiFailure, errorOf, sentence, setUnauthorizedHandler, UNREACHABLE } from '../../client/src/lib/api';
import { auditQuery, EMPTY_AUDIT_FILTERS } from '../../client/src/lib/audit-query';
import { epochToLocalInput, localInputToEpoch } from '../../client/src/lib/local-input';

describe('audit query', () => {
  it('leaves out empty filters and keeps the limit', () => {
    expect(auditQuery(EMPTY_AUDIT_FILTERS)).toBe('?limit=200');
    expect(auditQuery({ ...EMPTY_AUDIT_FILTERS, actor: '  ', type: ' signin ', limit: 5000 })).toBe('?type=signin&limit=1000');
  });

  it('lower-cases user names but not key actors', () => {
    expect(auditQuery({ ...EMPTY_AUDIT_FILTERS, actor: 'Admin' })).toContain('actor=admin');
    expect(auditQuery({ ...EMPTY_AUDIT_FILTERS, actor: 'ingest:CAD' })).toContain('actor=ingest%3ACAD');
  });

  it('reads datetime-local as local time, "until" covering its whole minute', () => {
    const since = new Date(2025, 2, 14, 9, 30).getTime();
    const q = new URLSearchParams(auditQuery({ ...EMPTY_AUDIT_FILTERS, since: '2025-03-14T09:30', until: '2025-03-14T09:30' }));
    expect(Number(q.get('since'))).toBe(since);
    expect(Number(q.get('until'))).toBe(since + 59_999);
    expect(localInputToEpoch('')).toBeNull();
    expect(localInputToEpoch('not a date')).toBeNull();
    expect(epochToLocalInput(since)).toBe('2025-03-14T09:30');
  });
});

describe('REST errors', () => {
  const fake = (status: number, body: unknown) =>
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status })) as unknown as typeof fetch;

  it("keeps the server's code and message", async () => {
    const body = { error: { code: 'locked', message: 'too many failed sign-ins: try again in 9 min' } };
    const failure = await apiJson('POST', '/session', {}, { fetch: fake(423, body), expect401: true }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).code).toBe('locked');
    expect(sentence((failure as ApiFailure).message)).toBe('Too many failed sign-ins: try again in 9 min.');
  });

  it('makes an error of a body that is not one', () => {
    expect(errorOf('<html>', 502)).toEqual({ code: 'unavailable', message: 'The server answered 502' });
    expect(errorOf({ error: 'x' }, 404).code).toBe('not_found');
  });

  it('says the server is unreachable when fetch itself fails', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const failure = (await apiJson('GET', '/session', undefined, { fetch: down }).catch((e: unknown) => e)) as ApiFailure;
    expect(failure.status).toBe(0);
    expect(failure.message).toBe(UNREACHABLE);
  });

  it('sends a 401 to the sign-in handler unless the caller expects one', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    try {
      const body = { error: { code: 'unauthorized', message: 'sign in first' } };
      await apiJson('GET', '/admin/users', undefined, { fetch: fake(401, body) }).catch(() => undefined);
      expect(handler).toHaveBeenCalledTimes(1);
      await apiJson('POST', '/session', {}, { fetch: fake(401, body), expect401: true }).catch(() => undefined);
      expect(handler).toHaveBeenCalledTimes(1);
    } finally {
      setUnauthorizedHandler(null);
    }
  });

  it('answers 204 with nothing', async () => {
    await expect(apiJson('DELETE', '/session', undefined, { fetch: fake(204, undefined) })).resolves.toBeUndefined();
  });
});
