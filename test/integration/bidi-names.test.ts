import { describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/errors';
import type { Unit } from '../../shared/unit';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';

/**
 * A right-to-left override in a callsign makes every screen show a different callsign than the
 * one CAD knows ("\u202E7-RATS" reads "STAR-7"). The server never stores one: a unit an
 * integration sends with bidi controls in its names comes back, and is kept, without them.
 */
const city = useTestServer();

describe('bidi controls in names', () => {
  it('are stripped from a unit PUT by an integration, in the answer and in what is stored', async () => {
    const put = await api<Unit>(city.server.url, 'PUT', '/units/bidi-star', {
      callsign: '\u202E7-RATS\u202C',
      type: 'crisis_team',
      capabilities: { languages: ['\u2067es\u2069'] },
    });
    expect(put.status).toBe(201);
    expect(put.body.callsign).toBe('7-RATS');
    expect(put.body.capabilities.languages).toEqual(['es']);

    const got = await api<Unit>(city.server.url, 'GET', '/units/bidi-star');
    expect(got.status).toBe(200);
    expect(got.body.callsign).toBe('7-RATS');
    expect(got.body.callsign).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });

  it('are stripped when a unit is replaced, too', async () => {
    await api(city.server.url, 'PUT', '/units/bidi-pd', { callsign: 'PD-1', type: 'law' });
    const put = await api<Unit>(city.server.url, 'PUT', '/units/bidi-pd', { callsign: 'PD\u200F-\u061C1\u2066', type: 'law' });
    expect(put.status).toBe(200);
    expect(put.body.callsign).toBe('PD-1');
  });

  it('leave nothing to store when a callsign is only controls: 400 naming the field', async () => {
    const res = await api<ApiErrorBody>(city.server.url, 'PUT', '/units/bidi-empty', { callsign: '\u202E\u2066 \u2069', type: 'law' });
    expect(res.status).toBe(400);
    const issues = (res.body.error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain('callsign');
  });

  it('are refused in a key name an admin types, with a 400 naming the field', async () => {
    const admin = await city.server.signIn('admin', 'bidi-admin');
    const res = await api<ApiErrorBody>(city.server.url, 'POST', '/admin/keys', { kind: 'display', name: 'floor\u202E 2' }, { cookie: admin });
    expect(res.status).toBe(400);
    const issues = (res.body.error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain('name');
  });
});
