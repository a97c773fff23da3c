import type { Principal } from '../../shared/auth';
import { isOpenCall, type Call } from '../../shared/call';
import type { Grant, ProfileImportResult, ProfileResponse, ProfileStatus } from '../../shared/profile';
import type { AuditLog } from '../auth/audit-log';
import { DomainError } from '../domain/errors';
import { RateLimiter } from '../edge/rate-limit';
import type { Store } from '../redis/store';
import type { Grants } from './grants';
import { mayCall } from '../../shared/operations';
import { filterProfile } from './profile-filter';
import type { ProfileStore } from './profile-store';

const COMPONENT = 'profiles';
/** Status lookups one person may make a minute: a board polls a few open drawers, a scan asks for many. */
const STATUS_LOOKUPS_PER_MINUTE = 300;
/** A person's repeated lookups of one call (the drawer's polling) are audited once in this long. */
const STATUS_AUDIT_EVERY_MS = 10 * 60_000;

/**
 * The only way to read a safety profile: through a call, by a role that may, while the call is
 * open and its grant is live. Every view and every refusal is audited; the answer is the
 * profile filtered for the role (see profile-filter.ts). Nothing here is ever broadcast.
 */
export class ProfileService {
  private readonly statusLimit = new RateLimiter(STATUS_LOOKUPS_PER_MINUTE, 60_000);
  /** When each (actor, call) status lookup was last audited. */
  private readonly statusAudited = new Map<string, number>();

  constructor(
    readonly profiles: ProfileStore,
    readonly grants: Grants,
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  async importProfiles(principal: Principal, records: readonly unknown[]): Promise<ProfileImportResult> {
    const result = await this.profiles.importMany(records, this.now());
    const ids = (ok: boolean) => result.results.filter((r) => r.ok === ok).map((r) => r.id ?? `#${r.index + 1}`);
    await this.audit.record({
      component: COMPONENT,
      type: 'profile.import',
      actor: principal.actor,
      outcome: result.imported > 0 ? 'success' : 'failure',
      subject: 'profiles',
      detail: `${result.imported} imported [${ids(true).join(', ')}], ${result.failed} failed [${ids(false).join(', ')}]`,
    });
    return result;
  }

  async deleteProfile(principal: Principal, profileId: string): Promise<void> {
    const deleted = await this.profiles.delete(profileId);
    await this.audit.record({
      component: COMPONENT,
      type: 'profile.delete',
      actor: principal.actor,
      outcome: deleted ? 'success' : 'failure',
      subject: profileId,
    });
    if (!deleted) throw new DomainError('not_found', `profile ${profileId} does not exist`);
  }

  /** The caller's profile as `principal`'s role may see it; refusals throw, and are audited. */
  async viewForCall(principal: Principal, callId: string): Promise<ProfileResponse> {
    const deny = (err: DomainError) => this.refuse('profile.denied', principal, callId, err);
    if (!mayCall(principal.role, 'profile:view')) {
      throw await deny(
        new DomainError('forbidden', `your role (${principal.role}) may not see safety profiles; dispatchers, supervisors and coordinators may, from a call`),
      );
    }
    const call = await this.openCall(callId, deny);
    const grant = await this.liveGrant(call, deny);
    const profile = await this.profiles.get(grant.profileId);
    const view = profile && filterProfile(profile, principal.role);
    if (!view) throw await deny(new DomainError('not_found', `the safety profile of this caller is no longer on file or no longer shared`));
    await this.audit.record({
      component: COMPONENT,
      type: 'profile.view',
      actor: principal.actor,
      outcome: 'success',
      subject: callId,
      detail: `profile ${profile.id} viewed as ${principal.role} (${view.scope} fields) on call ${call.number}`,
    });
    return { grant: { expiresAt: grant.expiresAt }, profile: view };
  }

  /**
   * Whether the board should offer the profile button; tells nothing about the profile itself.
   * "Linked" still says a household with a profile called, so lookups are limited per person and
   * audited (once per person and call every 10 minutes: the open drawer polls).
   */
  async status(principal: Principal, callId: string): Promise<ProfileStatus> {
    if (!this.statusLimit.allow(principal.actor)) {
      throw await this.refuse('profile.status', principal, callId, new DomainError('rate_limited', 'too many profile lookups; wait a minute and try again'));
    }
    const call = await this.store.readCall(callId);
    if (!call) throw new DomainError('not_found', `call ${callId} does not exist`);
    const [linked, grant] = await Promise.all([this.grants.linkedProfile(callId), this.grants.get(callId)]);
    const available = grant !== null && isOpenCall(call);
    const status: ProfileStatus = available ? { linked: true, available, expiresAt: grant.expiresAt } : { linked: linked !== null, available };
    await this.auditStatus(principal, call, status);
    return status;
  }

  private async auditStatus(principal: Principal, call: Call, status: ProfileStatus): Promise<void> {
    const key = `${principal.actor}|${call.id}`;
    const now = this.now();
    if (now - (this.statusAudited.get(key) ?? -Infinity) < STATUS_AUDIT_EVERY_MS) return;
    if (this.statusAudited.size > 10_000) this.statusAudited.clear(); // a bound, not a cache worth keeping
    this.statusAudited.set(key, now);
    await this.audit.record({
      component: COMPONENT,
      type: 'profile.status',
      actor: principal.actor,
      outcome: 'success',
      subject: call.id,
      detail: `call ${call.number}: ${status.available ? 'profile available' : status.linked ? 'profile linked, access ended' : 'no profile'}`,
    });
  }

  /** A supervisor extends (or reopens, once expired) access for an open call, with a reason. */
  async extendGrant(principal: Principal, callId: string, reason: string): Promise<Grant> {
    const deny = (err: DomainError) => this.refuse('profile.grant.extend', principal, callId, err);
    await this.assertMayExtend(principal, callId);
    const call = await this.openCall(callId, deny);
    const grant = await this.grants.extend(callId, principal.actor, reason);
    if (!grant) throw await deny(new DomainError('not_found', `call ${call.number} has no safety profile linked to it; nothing to extend`));
    await this.audit.record({
      component: COMPONENT,
      type: 'profile.grant.extend',
      actor: principal.actor,
      outcome: 'success',
      subject: callId,
      detail: `profile ${grant.profileId} on call ${call.number} until ${new Date(grant.expiresAt).toISOString()}: ${reason}`,
    });
    return grant;
  }

  /** Refuses, and audits, anyone but a supervisor asking to extend. */
  async assertMayExtend(principal: Principal, callId: string): Promise<void> {
    if (mayCall(principal.role, 'profile:extend')) return;
    throw await this.refuse(
      'profile.grant.extend',
      principal,
      callId,
      new DomainError('forbidden', `only a supervisor may extend access to a safety profile (you are ${principal.role})`),
    );
  }

  private async openCall(callId: string, deny: (err: DomainError) => Promise<DomainError>): Promise<Call> {
    const call = await this.store.readCall(callId);
    if (!call) throw await deny(new DomainError('not_found', `call ${callId} does not exist`));
    if (!isOpenCall(call)) {
      throw await deny(new DomainError('forbidden', `call ${call.number} is ${call.status}; access to its caller's safety profile ended with it`));
    }
    return call;
  }

  private async liveGrant(call: Call, deny: (err: DomainError) => Promise<DomainError>): Promise<Grant> {
    const grant = await this.grants.get(call.id);
    if (grant) return grant;
    if (await this.grants.linkedProfile(call.id)) {
      throw await deny(
        new DomainError('forbidden', "access to this caller's safety profile ended when the grant expired; a supervisor can extend it", { expired: true }),
      );
    }
    throw await deny(new DomainError('not_found', `no safety profile is on file for the caller of call ${call.number}`));
  }

  /** Audits a refusal with its reason and hands the error back to be thrown. */
  private async refuse(type: string, principal: Principal, callId: string, err: DomainError): Promise<DomainError> {
    await this.audit.record({
      component: COMPONENT,
      type,
      actor: principal.actor,
      outcome: 'denied',
      subject: callId,
      detail: `${principal.role}: ${err.message}`,
    });
    return err;
  }
}
