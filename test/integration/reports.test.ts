import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Call } from '../../shared/call';
import type { DiversionReport } from '../../shared/reports';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';

const city = useTestServer();

describe('diversion report (GET /api/v1/reports/diversion)', () => {
  it('counts calls from history as the README defines them, and its CSV carries the same numbers', async () => {
    const url = city.server.url;
    const from = Date.now() - 1000;
    await api(url, 'PUT', '/units/rep-ct1', { callsign: 'CT90', type: 'crisis_team', status: 'available', position: { lat: 39.74, lon: -104.98 } });
    const diverted = (
      await api<Call>(url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.74, lon: -104.98 }, weapons: 'no', violence: 'no' })
    ).body;
    await api(url, 'POST', `/calls/${diverted.id}/assignments`, { unitId: 'rep-ct1' });
    await api(url, 'POST', '/units/rep-ct1/status', { status: 'available', disposition: 'resolved_by_clinician' });
    const noTeam = (await api<Call>(url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } })).body;
    await api(url, 'PATCH', `/calls/${noTeam.id}`, { status: 'cancelled' });
    const to = Date.now() + 1000;

    const supervisor = city.server.cookie;
    const res = await api<DiversionReport>(url, 'GET', `/reports/diversion?from=${from}&to=${to}`, undefined, { cookie: supervisor });
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ mhCalls: 2, teamAlone: 1, noTeamNoPolice: 1, policeNotNeeded: 1, policeNotNeededRate: 1 });
    expect(res.body.teams).toEqual([expect.objectContaining({ callsign: 'CT90', calls: 1 })]);

    const csv = await fetch(`${url}/api/v1/reports/diversion?from=${from}&to=${to}&format=csv`, { headers: { cookie: supervisor } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const [, row] = (await csv.text()).split('\r\n');
    const { mhCalls, teamAlone, policeNotNeeded } = res.body.periods[0]!;
    expect(row!.split(',').slice(2, 5)).toEqual([String(mhCalls), '1', String(teamAlone)]);
    expect(row!.split(',')[8]).toBe(String(policeNotNeeded));
    const byAccept = await fetch(`${url}/api/v1/reports/diversion?from=${from}&to=${to}&table=teams`, { headers: { cookie: supervisor, accept: 'text/csv' } });
    expect(await byAccept.text()).toContain('rep-ct1,CT90,1,');

    // Every read of the figures is on the record.
    const admin = await city.server.signIn('admin', 'reports-admin');
    const records = (await api<AuditRecord[]>(url, 'GET', '/admin/audit?type=report', undefined, { cookie: admin })).body;
    expect(records.filter((r) => r.type === 'report.read' && r.actor === 'supervisor').length).toBeGreaterThanOrEqual(3);
  });

  it('is for supervisors, coordinators and admins, and refuses a period that is reversed or too long', async () => {
    const url = city.server.url;
    const q = `from=${Date.now() - 86_400_000}&to=${Date.now()}`;
    for (const role of ['coordinator', 'admin'] as const) {
      expect((await api(url, 'GET', `/reports/diversion?${q}`, undefined, { cookie: await city.server.signIn(role, `rep-${role}`) })).status).toBe(200);
    }
    for (const role of ['dispatcher', 'wall'] as const) {
      expect((await api(url, 'GET', `/reports/diversion?${q}`, undefined, { cookie: await city.server.signIn(role, `rep-${role}`) })).status).toBe(403);
    }
    const reversed = await api<{ error: { message: string } }>(url, 'GET', `/reports/diversion?from=20&to=10`, undefined, { cookie: city.server.cookie });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('before');
    const long = await api<{ error: { message: string } }>(url, 'GET', `/reports/diversion?from=0&to=${Date.now()}`, undefined, { cookie: city.server.cookie });
    expect(long.body.error.message).toContain('400 days');
  });
});
