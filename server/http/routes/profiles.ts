import { Router, type RequestHandler } from 'express';
import type { Principal } from '../../../shared/auth';
import { EntityId } from '../../../shared/ids';
import { ExtendGrantInput, ProfileImport } from '../../../shared/profile';
import { DomainError } from '../../domain/errors';
import type { ProfileService } from '../../profiles/profile-service';
import { principalOf, requireRole } from '../request-auth';
import { parseInput } from '../../edge/validate';

/**
 * Only signed-in callers: which role may see a profile is the service's decision, so that a
 * wall or an integration asking is refused *and* audited as a profile denial.
 */
const SIGNED_IN: RequestHandler = (_req, res, next) => {
  if (!principalOf(res)) throw new DomainError('unauthorized', 'sign in first (POST /api/v1/session), or send an API key as Authorization: Bearer <key>');
  next();
};

const callId = (raw: unknown) => parseInput(EntityId, raw, 'call id');

/** Safety profiles: import, and on-demand, audited reading through a call. Never on the socket. */
export function profileRoutes(service: ProfileService): Router {
  const r = Router();

  // Profiles come from the registry (an integration) or an administrator; the body is one record
  // or an array, and each record is validated and stored on its own.
  r.post('/profiles', requireRole('admin', 'ingest'), async (req, res) => {
    const records = parseInput(ProfileImport, req.body, 'profile import');
    const result = await service.importProfiles(principalOf(res)!, records);
    if (result.imported === 0) {
      const first = result.results[0];
      const why = first && !first.ok ? `: ${first.error.message}` : '';
      throw new DomainError('bad_request', `no profile was imported${why}; details.results says why for each record`, result);
    }
    res.json(result);
  });

  // A resident withdraws: the profile and its phone index go; live grants then find nothing.
  r.delete('/profiles/:profileId', requireRole('admin', 'ingest'), async (req, res) => {
    await service.deleteProfile(principalOf(res)!, parseInput(EntityId, req.params.profileId, 'profile id'));
    res.status(204).end();
  });

  r.get('/calls/:id/profile', SIGNED_IN, async (req, res) => {
    const view = await service.viewForCall(principalOf(res) as Principal, callId(req.params.id));
    // Profile data must not linger in a browser or proxy cache after the grant ends.
    res.set('Cache-Control', 'no-store').json(view);
  });

  r.get('/calls/:id/profile/status', requireRole('dispatcher', 'supervisor', 'coordinator'), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.status(callId(req.params.id)));
  });

  r.post('/calls/:id/profile/extend', SIGNED_IN, async (req, res) => {
    const principal = principalOf(res) as Principal;
    const id = callId(req.params.id);
    await service.assertMayExtend(principal, id); // refuse (and audit) a wrong role before reading the body
    const { reason } = parseInput(ExtendGrantInput, req.body);
    const grant = await service.extendGrant(principal, id, reason);
    res.json({ grant: { expiresAt: grant.expiresAt, extendedBy: grant.extendedBy, reason: grant.reason } });
  });

  return r;
}
