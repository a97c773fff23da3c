import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/board-commands';
import type { Call } from '../../shared/call';
import type { Destination } from '../../shared/destination';
import type { Unit } from '../../shared/unit';
import type { AuditRecord } from '../../server/auth/audit-log';
import { TestLiveClient } from '../helpers/live-client';
import { ensureDemoDestinations } from '../../server/sim/demo-destinations';
import { api, startTestServer } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';

const city = useTestServer();
const clients: TestLiveClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

async function board(cookie?: string): Promise<TestLiveClient> {
  const c = new TestLiveClient(city.server.url, cookie ? { cookie } : {});
  clients.push(c);
  await c.waitFor('snapshot', () => true);
  return c;
}

const csu = {
  name: 'Crisis Stabilization Unit East',
  type: 'crisis_stabilization',
  location: { lat: 39.7401, lon: -104.9405 },
  address: 'E Colfax Ave and N Colorado Blvd',
  freeBeds: 3,
  accepts: 'Adults 18+',
};

let n = 0;
/** A destination made over REST with the ingest key; answers with it as stored. */
async function newDestination(over: Record<string, unknown> = {}): Promise<Destination> {
  const res = await api<Destination>(city.server.url, 'PUT', `/destinations/dest-${++n}`, { ...csu, ...over });
  expect(res.status).toBe(201);
  return res.body;
}

function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`command refused: ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe('destinations over REST', () => {
  it('creates, replaces and lists destinations, keeping beds a PUT leaves out', async () => {
    const created = await newDestination();
    expect(created).toMatchObject({ ...csu, version: 1, updatedBy: expect.any(String) as string });
    expect(created.bedsUpdatedAt).toEqual(expect.any(Number));

    // A feed correcting the address says nothing of beds: the count on file stays.
    const { freeBeds: _b, ...withoutBeds } = csu;
    const replaced = await api<Destination>(city.server.url, 'PUT', `/destinations/${created.id}`, { ...withoutBeds, address: '4353 E Colfax Ave' });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe('"2"');
    expect(replaced.body).toMatchObject({ address: '4353 E Colfax Ave', freeBeds: 3, bedsUpdatedAt: created.bedsUpdatedAt, version: 2 });

    const coordinator = await city.server.signIn('coordinator');
    const list = await api<{ destinations: Destination[] }>(city.server.url, 'GET', '/destinations', undefined, { cookie: coordinator });
    expect(list.status).toBe(200);
    expect(list.body.destinations.find((d) => d.id === created.id)).toMatchObject({ address: '4353 E Colfax Ave', version: 2 });

    // An instance starting (or reloading) loads them with the rest of the live state, atomically.
    const loaded = await city.server.app.store.loadState();
    expect(loaded.destinations.find((d) => d.id === created.id)).toMatchObject({ version: 2 });
  });

  it('sets free beds, audited, and a second live screen sees the count at once', async () => {
    const dest = await newDestination();
    const coordinator = await city.server.signIn('coordinator', 'coord-beds');
    const watcher = await board(await city.server.signIn('dispatcher'));
    await watcher.waitFor('the destination on the board', (s) => s.destinations.get(dest.id)?.freeBeds === 3);

    const res = await api<Destination>(city.server.url, 'POST', `/destinations/${dest.id}/beds`, { freeBeds: 0, expectedVersion: 1 }, { cookie: coordinator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ freeBeds: 0, version: 2, updatedBy: 'coord-beds' });
    await watcher.waitFor('the new count on the other screen', (s) => s.destinations.get(dest.id)?.freeBeds === 0);

    const audit = await api<AuditRecord[]>(city.server.url, 'GET', `/admin/audit?subject=${dest.id}`, undefined, {
      cookie: await city.server.signIn('admin'),
    });
    expect(audit.body.some((r) => r.actor === 'coord-beds' && r.outcome === 'success' && r.detail?.includes('/beds'))).toBe(true);
  });

  it('sets free beds from the coordinator screen (socket command) and refuses a stale version naming who changed it', async () => {
    const dest = await newDestination();
    const coordinator = await board(await city.server.signIn('coordinator', 'coord-socket'));
    const set = ok(await coordinator.socket.emitWithAck('destination:setBeds', { destinationId: dest.id, freeBeds: 2, expectedVersion: 1 }));
    expect(set).toMatchObject({ freeBeds: 2, version: 2 });
    const stale = await coordinator.socket.emitWithAck('destination:setBeds', { destinationId: dest.id, freeBeds: 1, expectedVersion: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!stale.ok && stale.error.message).toContain('coord-socket');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const url = city.server.url;
    const negative = await api<{ error: { details: { issues: { path: string }[] } } }>(url, 'PUT', '/destinations/bad-1', { ...csu, freeBeds: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details.issues.map((i) => i.path)).toContain('freeBeds');

    const badType = await api<{ error: { details: { issues: { path: string }[] } } }>(url, 'PUT', '/destinations/bad-2', { ...csu, type: 'spa' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details.issues.map((i) => i.path)).toContain('type');

    const dest = await newDestination();
    const fraction = await api<{ error: { details: { issues: { path: string }[] } } }>(url, 'POST', `/destinations/${dest.id}/beds`, { freeBeds: 1.5 });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.details.issues.map((i) => i.path)).toContain('freeBeds');

    const unknownField = await api(url, 'POST', `/destinations/${dest.id}/beds`, { freeBeds: 1, beds: 2 });
    expect(unknownField.status).toBe(400);
    expect((await api(url, 'POST', '/destinations/nowhere/beds', { freeBeds: 1 })).status).toBe(404);
  });

  it('lets dispatchers read but not edit, and the wall neither edit nor see who edited', async () => {
    const dest = await newDestination();
    const url = city.server.url;
    const dispatcher = await city.server.signIn('dispatcher');
    expect((await api(url, 'GET', '/destinations', undefined, { cookie: dispatcher })).status).toBe(200);
    expect((await api(url, 'POST', `/destinations/${dest.id}/beds`, { freeBeds: 9 }, { cookie: dispatcher })).status).toBe(403);
    expect((await api(url, 'PUT', `/destinations/${dest.id}`, csu, { cookie: dispatcher })).status).toBe(403);

    const wallCookie = await city.server.signIn('wall');
    expect((await api(url, 'POST', `/destinations/${dest.id}/beds`, { freeBeds: 9 }, { cookie: wallCookie })).status).toBe(403);
    const wallList = await api<{ destinations: Destination[] }>(url, 'GET', '/destinations', undefined, { cookie: wallCookie });
    expect(wallList.body.destinations.find((d) => d.id === dest.id)).toMatchObject({ name: csu.name, freeBeds: 3, updatedBy: '' });

    // On its socket too: the wall sees the places and their beds, not who set them.
    const wall = await board(wallCookie);
    await wall.waitFor('the destination on the wall', (s) => s.destinations.get(dest.id)?.updatedBy === '');
    const refused = await wall.socket.emitWithAck('destination:setBeds', { destinationId: dest.id, freeBeds: 9 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the demo seed', () => {
  it('writes the sample destinations once, valid by the shared schema, and never over a list that exists', async () => {
    const { destinations } = city.server.app;
    // The tests above made some: a real list is left alone.
    expect((await destinations.list()).length).toBeGreaterThan(0);
    expect(await ensureDemoDestinations(destinations)).toBeNull();
    const fresh = await startTestServer(city.redis.url, { KEY_PREFIX: 'seed-test:' });
    try {
      expect(await ensureDemoDestinations(fresh.app.destinations)).toMatch(/^Demo transport destinations: 7/);
      const seeded = await fresh.app.destinations.list();
      expect(seeded).toHaveLength(7);
      expect(seeded.every((d) => d.name.includes('(demo)') && d.updatedBy === 'demo-setup')).toBe(true);
      expect(await ensureDemoDestinations(fresh.app.destinations)).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});

describe('transporting to a destination', () => {
  /** A unit on scene on a call, ready to transport. */
  async function unitOnScene(): Promise<{ call: Call; unit: Unit }> {
    const url = city.server.url;
    const id = `transport-${++n}`;
    await api(url, 'PUT', `/units/${id}`, { callsign: `2B${n}`, type: 'ems', position: { lat: 39.74, lon: -104.98 } });
    const call = (await api<Call>(url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } })).body;
    expect((await api(url, 'POST', `/calls/${call.id}/assignments`, { unitId: id })).status).toBe(201);
    expect((await api(url, 'POST', `/units/${id}/status`, { status: 'onscene' })).status).toBe(200);
    return { call, unit: (await api<Unit>(url, 'GET', `/units/${id}`)).body };
  }

  it('records the destination on the unit and the call timeline, and drops it when the unit clears', async () => {
    const dest = await newDestination({ name: 'Denver CARES' });
    const { call, unit } = await unitOnScene();
    const b = await board();
    const data = ok(
      await b.socket.emitWithAck('unit:setStatus', { unitId: unit.id, status: 'transporting', expectedVersion: unit.version, destinationId: dest.id }),
    );
    expect(data.unit).toMatchObject({ status: 'transporting', destinationId: dest.id });
    expect(data.call?.timeline.at(-1)).toMatchObject({ kind: 'unit_status', text: `${unit.callsign} transporting to Denver CARES` });
    await b.waitFor('the destination on the live unit', (s) => s.units.get(unit.id)?.destinationId === dest.id);

    // The wall sees the unit transporting, not where to.
    const wall = await board(await city.server.signIn('wall'));
    const seen = await wall.waitFor('the unit on the wall', (s) => s.units.get(unit.id)?.status === 'transporting');
    expect(seen.units.get(unit.id)).not.toHaveProperty('destinationId');

    const cleared = await api<Unit>(city.server.url, 'POST', `/units/${unit.id}/status`, { status: 'available' });
    expect(cleared.body.status).toBe('available');
    expect(cleared.body).not.toHaveProperty('destinationId');
    const timeline = (await api<Call>(city.server.url, 'GET', `/calls/${call.id}`)).body.timeline.map((t) => t.text);
    expect(timeline).toContain(`${unit.callsign} transporting to Denver CARES`);
  });

  it('sends a transporting unit on to another destination', async () => {
    const [first, second] = [await newDestination({ name: 'First ED' }), await newDestination({ name: 'Second ED' })];
    const { unit } = await unitOnScene();
    const url = city.server.url;
    await api(url, 'POST', `/units/${unit.id}/status`, { status: 'transporting', destinationId: first.id });
    const res = await api<Unit>(url, 'POST', `/units/${unit.id}/status`, { status: 'transporting', destinationId: second.id });
    expect(res.body).toMatchObject({ status: 'transporting', destinationId: second.id });
    const call = (await api<Call>(url, 'GET', `/calls/${res.body.currentCallId}`)).body;
    // (Not necessarily the last line: the recommender may have written on this MH call since.)
    expect(call.timeline.map((e) => e.text)).toContain(`${unit.callsign} now transporting to Second ED`);
  });

  it('keeps working without a destination (REST integrations)', async () => {
    const { unit } = await unitOnScene();
    const res = await api<Unit>(city.server.url, 'POST', `/units/${unit.id}/status`, { status: 'transporting' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('transporting');
    expect(res.body).not.toHaveProperty('destinationId');
  });

  it('refuses an unknown destination, and a destination with another status, naming the field', async () => {
    const { unit } = await unitOnScene();
    const url = city.server.url;
    const unknown = await api<{ error: { details: { issues: { path: string }[] } } }>(url, 'POST', `/units/${unit.id}/status`, {
      status: 'transporting',
      destinationId: 'nowhere',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues.map((i) => i.path)).toEqual(['destinationId']);

    const dest = await newDestination();
    const wrongStatus = await api<{ error: { details: { issues: { path: string }[] } } }>(url, 'POST', `/units/${unit.id}/status`, {
      status: 'available',
      destinationId: dest.id,
    });
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body.error.details.issues.map((i) => i.path)).toEqual(['destinationId']);
    // Neither refusal changed the unit.
    expect((await api<Unit>(url, 'GET', `/units/${unit.id}`)).body).toMatchObject({ status: 'onscene', version: unit.version });
  });
});
