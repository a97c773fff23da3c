import type { Call, CallerPhoneSource, PatchCallInput } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import type { Commands } from '../commands/commands';
import { DomainError } from '../domain/errors';
import { callToEido } from './eido-export';
import { eidoToCall, type EidoCall } from './eido-import';
import { KEPT_MAX_BYTES, type EidoKept } from './eido-kept';
import { eidoSchemaErrors } from './eido-schema';

/** NENA EIDO in and out: a call as an EIDO document, and a call created or updated from one. */
export class EidoService {
  constructor(
    private readonly commands: Commands,
    private readonly kept: EidoKept,
  ) {}

  async exportCall(callId: string): Promise<Record<string, unknown>> {
    const call = await this.commands.getCall(callId);
    const units = new Map<string, UnitDoc | null>();
    await Promise.all((call.servedBy ?? []).map(async (s) => units.set(s.unitId, await this.commands.getUnit(s.unitId).catch(() => null))));
    return callToEido(call, { units, kept: await this.kept.get(call.id) });
  }

  /**
   * Creates the call an EIDO document describes, or updates the call it was created as before
   * (same incident id) or exported from: priority, risk, new notes, its end. Refuses a document
   * that breaks the EIDO schema with every path that does (400).
   */
  async importDocument(by: string, doc: unknown, phoneSource: CallerPhoneSource): Promise<{ call: Call; created: boolean }> {
    const issues = eidoSchemaErrors(doc);
    if (issues.length) {
      const named = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
      throw new DomainError('bad_request', `not a valid NENA EIDO document: ${named.join('; ')}${issues.length > 5 ? '; …' : ''}`, { issues });
    }
    const eido = eidoToCall(doc as Record<string, unknown>);
    const keptJson = JSON.stringify(eido.kept);
    if (keptJson.length > KEPT_MAX_BYTES) {
      throw new DomainError('bad_request', `the parts of the document Tandem keeps as they came are ${keptJson.length} bytes; at most ${KEPT_MAX_BYTES}`);
    }
    const own = eido.ownCallId ? await this.commands.getCall(eido.ownCallId).catch(() => null) : null;
    const outcome = own
      ? { call: own, created: false }
      : await this.commands.createCall(by, { ...eido.input, externalId: eido.externalId, ...(eido.notes[0] ? { notes: eido.notes[0] } : {}) }, phoneSource);
    const call = await this.bringUpToDate(by, outcome.call, eido, outcome.created);
    if (Object.keys(eido.kept).length) await this.kept.set(call.id, eido.kept);
    return { call, created: outcome.created };
  }

  /** Applies what the document says that the call does not have yet, one change at a time. */
  private async bringUpToDate(by: string, call: Call, eido: EidoCall, created: boolean): Promise<Call> {
    const had = new Set(call.notes.map((n) => n.text));
    for (const note of created ? eido.notes.slice(1) : eido.notes) {
      if (had.has(note)) continue;
      call = await this.commands.updateCall(by, call.id, { note });
      had.add(note);
    }
    if (created) return this.end(by, call, eido);
    const patch: PatchCallInput = {};
    if (eido.input.priority !== call.priority) patch.priority = eido.input.priority;
    if (eido.input.weapons && eido.input.weapons !== call.mh.weapons) patch.weapons = eido.input.weapons;
    if (eido.input.violence && eido.input.violence !== call.mh.violence) patch.violence = eido.input.violence;
    if (Object.keys(patch).length && call.status !== 'closed' && call.status !== 'cancelled') call = await this.commands.updateCall(by, call.id, patch);
    return this.end(by, call, eido);
  }

  private async end(by: string, call: Call, eido: EidoCall): Promise<Call> {
    if (!eido.ending || call.status === 'closed' || call.status === 'cancelled') return call;
    return this.commands.updateCall(
      by,
      call.id,
      eido.ending.status === 'closed' ? { status: 'closed', disposition: eido.ending.disposition } : { status: 'cancelled' },
    );
  }
}
