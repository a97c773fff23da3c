import { isOpenCall, type Call } from '../../shared/call';
import type { CommittedChange } from '../../shared/changes';
import type { Commands } from '../commands/commands';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import type { Grants } from './grants';
import { hasSharedMentalHealthCondition } from './profile-filter';
import type { ProfileStore } from './profile-store';

export const LINKER_ACTOR = 'profiles';

/**
 * Matches calls to safety profiles as they arrive on the live feed: an open call whose caller
 * phone the CAD reported (the line that called, never a number typed on the board) and is a
 * profile's verified phone gets a grant, and an MH flag (reason 'profile') when the profile
 * notes a mental-health condition the resident agreed to share. A finished call loses its grant;
 * reopened, it gets none afresh (Grants). Every server instance runs one; the grant's SET NX makes exactly one of them link
 * a call (and flag it), and re-running after a restart or a feed reset changes nothing.
 */
export class ProfileLinker {
  /** Open calls this instance already tried to link: a call changes often, a phone lookup once is enough. */
  private readonly tried = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly feed: LiveFeed,
    private readonly profiles: ProfileStore,
    private readonly grants: Grants,
    private readonly commands: Commands,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.unsubscribe = this.feed.subscribe({
      batch: () => undefined,
      reset: () => this.scan(),
      change: (c) => this.onChange(c),
    });
    this.scan(); // calls that arrived while this instance was down
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.queue;
  }

  /** Resolves once everything seen so far is handled (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private scan(): void {
    this.tried.clear();
    for (const call of this.feed.projection.calls.values()) this.consider(call);
  }

  private onChange(committed: CommittedChange): void {
    for (const c of committed.changes) if (c.kind === 'call') this.consider(c.call);
  }

  private consider(call: Call): void {
    if (!call.callerPhone || call.callerPhoneSource !== 'cad') return;
    if (!isOpenCall(call)) {
      this.tried.delete(call.id);
      this.enqueue(`revoke the profile grant of call ${call.number}`, () => this.grants.revoke(call.id));
    } else if (!this.tried.has(call.id)) {
      // A reopened call comes here too (closing forgot it); its link is still there, so Grants
      // opens nothing new.
      this.tried.add(call.id);
      this.enqueue(`link call ${call.number} to a safety profile`, () => this.link(call));
    }
  }

  /** One at a time, in feed order, so a call's revoke never runs before its link. */
  private enqueue(what: string, work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.log.warn(`could not ${what}`, err));
  }

  private async link(call: Call): Promise<void> {
    try {
      const profile = await this.profiles.findByPhone(call.callerPhone!);
      if (!profile || !profile.consent.shareWithResponders) return;
      const created = await this.grants.create(call.id, profile.id);
      // Only the instance that linked flags, and only once: a dispatcher who later clears the
      // flag is not overruled by another instance or a restart. A household whose time is used
      // up is not flagged either: the flag is profile data too.
      if (created === 'live' && hasSharedMentalHealthCondition(profile)) await this.commands.flagFromProfile(LINKER_ACTOR, call.id);
    } catch (err) {
      this.tried.delete(call.id); // try again on the call's next change
      throw err;
    }
  }
}
