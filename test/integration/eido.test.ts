import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { eidoSchemaErrors } from '../../server/eido/eido-schema';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';

const city = useTestServer();
type Doc = Record<string, unknown> & { incidentComponent: Record<string, unknown> };

let made = 0;

/** A call as a floor works it: notes with markup-like text, weapons reported, police and a crisis team on it. */
async function workedCall(): Promise<Call> {
  const url = city.server.url;
  const n = ++made;
  const call = (
    await api<Call>(url, 'POST', '/calls', {
      nature: 'EDP',
      priority: 2,
      location: { lat: 39.7401, lon: -104.9702, address: '1400 Eido Plaza' },
      callerPhone: '+1 303 555 0199',
      notes: 'Son <b>off meds</b> & pacing; "turn sirens off"',
      weapons: 'yes',
    })
  ).body;
  await api(url, 'PUT', `/units/eido-ct${n}`, { callsign: `CT7${n}`, type: 'crisis_team', status: 'available', position: { lat: 39.74, lon: -104.97 } });
  await api(url, 'PUT', `/units/eido-p${n}`, { callsign: `3A7${n}`, type: 'law', status: 'available', position: { lat: 39.74, lon: -104.97 } });
  expect((await api(url, 'POST', `/calls/${call.id}/assignments`, { unitId: `eido-p${n}` })).status).toBe(201);
  expect((await api(url, 'POST', `/calls/${call.id}/assignments`, { unitId: `eido-ct${n}` })).status).toBe(201);
  return (await api<Call>(url, 'GET', `/calls/${call.id}`)).body;
}

const exportOf = async (id: string) => (await api<Doc>(city.server.url, 'GET', `/calls/${id}/eido`, undefined, { cookie: city.server.cookie })).body;
const post = (doc: unknown) => api<{ call: Call; created: boolean; error?: { message: string } }>(city.server.url, 'POST', '/eido', doc);

describe('NENA EIDO export (GET /api/v1/calls/:id/eido)', () => {
  it('is a valid EIDO document with the incident, location, notes as escaped HTML, units with statuses, cautions and the MH facts', async () => {
    const call = await workedCall();
    const doc = await exportOf(call.id);
    expect(eidoSchemaErrors(doc)).toEqual([]);
    expect(doc.incidentComponent).toMatchObject({ internalIncidentId: call.number, incidentTypeInternalCode: 'EDP', incidentCommonPriorityNumber: 2 });
    expect(doc.notesComponent).toEqual([
      expect.objectContaining({ notesActionComments: 'Son &lt;b&gt;off meds&lt;/b&gt; &amp; pacing; &quot;turn sirens off&quot;' }),
    ]);
    expect(doc.locationComponent).toEqual([
      expect.objectContaining({ locationDescriptionText: '1400 Eido Plaza', locationByValue: expect.stringContaining('<gml:pos>39.7401 -104.9702</gml:pos>') }),
    ]);
    const resources = doc.emergencyResourceComponent as { emergencyResourceName: string; primaryUnitStatusRegistryText: string }[];
    expect(resources.map((r) => [r.emergencyResourceName, r.primaryUnitStatusRegistryText])).toEqual([
      [`3A7${made}`, 'Dispatched'],
      [`CT7${made}`, 'Dispatched'],
    ]);
    expect(doc.cautionComponent).toEqual([expect.objectContaining({ cautionTypeCommonRegistryText: 'Weapons' })]);
    const mh = (doc.additionalDataComponent as { urlPurpose: string; additionalDataByValue: string }[]).find((a) => a.urlPurpose === 'urn:tandem:eido:mh:1')!;
    expect(JSON.parse(mh.additionalDataByValue)).toMatchObject({ flagged: true, reasons: ['nature'], weapons: 'yes' });
  });

  it('follows the role rules of calls: the wall and admins may not read it', async () => {
    const call = await workedCall();
    for (const role of ['wall', 'admin'] as const) {
      const cookie = await city.server.signIn(role, `eido-${role}`);
      expect((await api(city.server.url, 'GET', `/calls/${call.id}/eido`, undefined, { cookie })).status).toBe(403);
    }
    expect((await api(city.server.url, 'GET', '/calls/no-such-call/eido')).status).toBe(404);
  });
});

describe('NENA EIDO import (POST /api/v1/eido)', () => {
  it('round-trips: another center imports an export and gets the same call back; parts Tandem does not model are kept', async () => {
    const original = await workedCall();
    const doc = await exportOf(original.id);
    // As another center sends it: its own incident id, and a person component Tandem does not model.
    const foreign = {
      ...doc,
      $id: 'urn:psap-b:eido:9',
      incidentComponent: { ...doc.incidentComponent, $id: 'urn:psap-b:incident:9' },
      personComponent: [
        { $id: 'p1', lastUpdateTimeStamp: '2026-12-01T10:00:00Z', updatedByAgencyReference: { $ref: 'b' }, personIncidentRoleRegistryText: ['Caller'] },
      ],
    };
    const made = await post(foreign);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const copy = made.body.call;
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({ nature: 'EDP', priority: 2, location: original.location, callerPhone: '+13035550199', mh: { flagged: true, weapons: 'yes' } });
    expect(copy.notes.map((n) => n.text)).toEqual(original.notes.map((n) => n.text));

    const again = await exportOf(copy.id);
    expect(eidoSchemaErrors(again)).toEqual([]);
    expect(again.personComponent).toEqual(foreign.personComponent);

    // The same incident posted again updates the same call.
    const update = await post({ ...foreign, incidentComponent: { ...foreign.incidentComponent, incidentCommonPriorityNumber: 1 } });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ created: false, call: { id: copy.id, priority: 1 } });
    expect(update.body.call.notes).toHaveLength(original.notes.length);
  });

  it("updates Tandem's own call when its export comes back, and closes it when the incident is closed", async () => {
    const call = (await api<Call>(city.server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.73, lon: -104.99 } })).body;
    const doc = await exportOf(call.id);
    const closed = await post({
      ...doc,
      incidentComponent: {
        ...doc.incidentComponent,
        incidentStatusCommonRegistryText: ['Closed'],
        dispositionComponent: [
          { $id: 'd1', lastUpdateTimeStamp: '2026-12-01T10:00:00Z', updatedByAgencyReference: { $ref: 'b' }, dispositionCommonRegistryCode: 'referred_988' },
        ],
      },
      notesComponent: [
        {
          $id: 'n1',
          lastUpdateTimeStamp: '2026-12-01T10:00:00Z',
          updatedByAgencyReference: { $ref: 'b' },
          notesActionComments: '<p>Caller &amp; clinician spoke;<br>referred to 988</p>',
        },
      ],
    });
    expect(closed.status).toBe(200);
    expect(closed.body.call).toMatchObject({ id: call.id, status: 'closed', disposition: 'referred_988' });
    expect(closed.body.call.notes.map((n) => n.text)).toEqual(['Caller & clinician spoke;\nreferred to 988']);
  });

  it('refuses an invalid document with a 400 naming the path, and creates nothing', async () => {
    const call = await workedCall();
    const doc = await exportOf(call.id);
    const { locationComponent: _l, ...noLocation } = doc;
    const cases: [unknown, string][] = [
      [{}, 'eidoVersion'],
      [{ ...doc, eidoVersion: '2.0' }, 'eidoVersion'],
      [{ ...doc, notesComponent: [{ ...(doc.notesComponent as object[])[0], notesActionComments: 42 }] }, 'notesComponent.0.notesActionComments'],
      [
        {
          ...doc,
          $id: 'urn:x:1',
          incidentComponent: { ...doc.incidentComponent, $id: 'urn:x:incident:1' },
          locationComponent: [{ ...(doc.locationComponent as object[])[0], locationByValue: 'somewhere' }],
        },
        'locationComponent.0.locationByValue',
      ],
      [{ ...noLocation, $id: 'urn:x:2', incidentComponent: { ...doc.incidentComponent, $id: 'urn:x:incident:2' } }, 'locationComponent'],
      [[1, 2], 'EIDO document'],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.status, path).toBe(400);
      expect(res.body.error?.message, path).toContain(path);
    }
    const search = await api<{ total: number }>(city.server.url, 'GET', '/calls?q=urn', undefined, { cookie: city.server.cookie });
    expect(search.body.total).toBe(0);
  });
});
