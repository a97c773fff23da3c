import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { HistoryPage } from '../../shared/history';
import type { AuditRecord } from '../../shared/admin';
import { createLogger } from '../../server/log';
import { CallHistory } from '../../server/history/call-history';
import { Retention } from '../../server/redis/retention';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';

const city = useTestServer();
const DAY = 86_400_000;
const log = createLogger('silent');

async function newCall(nature: string, address: string): Promise<Call> {
  const res = await api<Call>(city.server.url, 'POST', '/calls', { nature, priority: 3, location: { lat: 39.74, lon: -104.98, address } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A unit goes to the call and clears it with a disposition, as a real shift ends a call. */
async function workAndClose(call: Call, unitId: string, callsign: string, type = 'crisis_team'): Promise<Call> {
  const url = city.server.url;
  expect((await api(url, 'PUT', `/units/${unitId}`, { callsign, type, status: 'available', position: { lat: 39.74, lon: -104.98 } })).status).toBeLessThan(300);
  expect((await api(url, 'POST', `/calls/${call.id}/assignments`, { unitId })).status).toBe(201);
  expect((await api(url, 'POST', `/units/${unitId}/status`, { status: 'available', disposition: 'resolved_by_clinician' })).status).toBe(200);
  return (await api<Call>(url, 'GET', `/calls/${call.id}`)).body;
}

async function search(query: string, cookie = city.server.cookie): Promise<{ status: number; body: HistoryPage }> {
  return api<HistoryPage>(city.server.url, 'GET', `/calls?${query}`, undefined, { cookie });
}

describe('call history search (GET /api/v1/calls)', () => {
  it('finds a closed call by its number, address words, nature, unit and MH flag, and not an open one', async () => {
    const open = await newCall('WELFARE', '1510 Lantern Ave');
    const closed = await workAndClose(await newCall('WELFARE', '1510 Lantern Ave'), 'hist-ct1', 'CT41');
    expect(closed.status).toBe('closed');
    const serial = closed.number.split('-')[1]!;

    for (const q of [
      `q=${closed.number}`,
      `q=${serial}`,
      `q=${Number(serial)}`,
      'q=lantern',
      'q=LANTERN%20ave',
      'q=welfare%20check',
      'q=ct41',
      'unit=hist-ct1',
      'nature=welfare&mh=yes',
    ]) {
      const page = await search(q);
      expect(page.status, q).toBe(200);
      expect(
        page.body.calls.map((c) => c.id),
        q,
      ).toContain(closed.id);
      expect(
        page.body.calls.map((c) => c.id),
        q,
      ).not.toContain(open.id);
    }
    const row = (await search(`q=${closed.number}`)).body.calls.find((c) => c.id === closed.id)!;
    expect(row).toMatchObject({
      number: closed.number,
      status: 'closed',
      disposition: 'resolved_by_clinician',
      mhFlagged: true,
      units: ['CT41'],
      address: '1510 Lantern Ave',
    });
    // Every word must match: a word the call does not have rules it out.
    expect((await search('q=lantern%20harbor')).body.calls.map((c) => c.id)).not.toContain(closed.id);
    expect((await search('q=lantern&mh=no')).body.calls.map((c) => c.id)).not.toContain(closed.id);
  });

  it('tells closed from cancelled, bounds by when the call finished, and drops a reopened call until it finishes again', async () => {
    const cancelled = await newCall('NOISE', '77 Quartz Way');
    const done = (await api<Call>(city.server.url, 'PATCH', `/calls/${cancelled.id}`, { status: 'cancelled' })).body;
    const ids = async (q: string) => (await search(q)).body.calls.map((c) => c.id);
    expect(await ids('q=quartz&status=cancelled')).toEqual([done.id]);
    expect(await ids('q=quartz&status=closed')).toEqual([]);
    expect(await ids('q=quartz')).toEqual([done.id]);
    expect(await ids(`q=quartz&from=${done.statusSince}&to=${done.statusSince}`)).toEqual([done.id]);
    expect(await ids(`q=quartz&from=${done.statusSince + 1}`)).toEqual([]);
    expect(await ids(`q=quartz&to=${new Date(done.statusSince - 1).toISOString()}`)).toEqual([]);

    const reopened = await api<Call>(
      city.server.url,
      'PATCH',
      `/calls/${done.id}`,
      { status: 'pending', reason: 'caller rang back' },
      { cookie: city.server.cookie },
    );
    expect(reopened.status).toBe(200);
    expect(await ids('q=quartz')).toEqual([]);
    await api(city.server.url, 'PATCH', `/calls/${done.id}`, { status: 'cancelled' });
    expect(await ids('q=quartz')).toEqual([done.id]);
  });

  it('pages newest first with a cursor, every call once, and says how many match', async () => {
    const made: Call[] = [];
    for (let i = 0; i < 7; i++) {
      const call = await newCall('THEFT', `${i} Pager Court`);
      made.push((await api<Call>(city.server.url, 'PATCH', `/calls/${call.id}`, { status: 'cancelled' })).body);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: HistoryPage } = await search(`q=pager&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(7);
      seen.push(...page.body.calls.map((c) => c.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].sort((a, b) => b.statusSince - a.statusSince || (a.id < b.id ? 1 : -1)).map((c) => c.id));
  });

  it('refuses a malformed search with a 400 that names the field', async () => {
    for (const [q, field] of [
      ['status=open', 'status'],
      ['from=yesterday', 'from'],
      ['limit=5000', 'limit'],
      ['cursor=abc', 'cursor'],
      ['from=20&to=10', 'from'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await api<{ error: { code: string; message: string } }>(city.server.url, 'GET', `/calls?${q}`, undefined, { cookie: city.server.cookie });
      expect(res.status, q).toBe(400);
      expect(res.body.error.message, q).toContain(field);
    }
  });

  it('audits every search with who searched for what', async () => {
    await search('q=auditword');
    const admin = await city.server.signIn('admin', 'history-admin');
    const records = (await api<AuditRecord[]>(city.server.url, 'GET', '/admin/audit?type=history.search', undefined, { cookie: admin })).body;
    expect(records.some((r) => r.detail?.includes('auditword') && r.outcome === 'success')).toBe(true);
  });

  it('finds a call closed a year ago, and not once it is past CALL_RETENTION_DAYS (its index entries go with it)', async () => {
    const call = await workAndClose(await newCall('EDP', '9 Yearold Street'), 'hist-ct2', 'CT42');
    const keys = city.server.app.store.keys;
    const aYearLater = new Retention(city.server.redis, keys, { callRetentionDays: 400, now: () => call.statusSince + 365 * DAY }, log);
    await aYearLater.sweep();
    expect((await search('q=yearold')).body.calls.map((c) => c.id)).toEqual([call.id]);

    const pastRetention = new Retention(city.server.redis, keys, { callRetentionDays: 400, now: () => call.statusSince + 401 * DAY }, log);
    await pastRetention.sweep();
    expect((await search('q=yearold')).body).toMatchObject({ calls: [], total: 0 });
    for (const token of ['w:yearold', 'u:hist-ct2', 'n:edp']) expect(await city.server.redis.zScore(keys.historyToken(token), call.id), token).toBeNull();
  });

  it('indexes calls that finished before history search existed', async () => {
    const call = (await api<Call>(city.server.url, 'PATCH', `/calls/${(await newCall('ALARM', '5 Backfill Row')).id}`, { status: 'cancelled' })).body;
    const keys = city.server.app.store.keys;
    // As a data set from before this version holds it: the call, and no index entries.
    await city.server.redis.del([keys.historyToken('w:backfill'), `${keys.historyToken('')}backfilled:2`]);
    await city.server.redis.hDel(keys.call(call.id), 'tok');
    expect((await search('q=backfill')).body.calls).toEqual([]);
    expect(await new CallHistory(city.server.redis, keys, log).backfill()).toBeGreaterThanOrEqual(1);
    expect((await search('q=backfill')).body.calls.map((c) => c.id)).toEqual([call.id]);
  });
});
