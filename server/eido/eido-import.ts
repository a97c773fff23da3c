import { createHash } from 'node:crypto';
import { Disposition, NOTE_LIMITS, type CreateCallInput, type YesNoUnknown } from '../../shared/call';
import { DomainError } from '../domain/errors';
import { MH_EXTENSION, callIdOfIncident } from './eido-export';

/** What Tandem reads from an EIDO document to create or update a call. */
export interface EidoCall {
  /** The incident's id; the same id posted again updates the same call. */
  incidentId: string;
  /** Set when the incident is one of Tandem's own (an export posted back). */
  ownCallId: string | null;
  externalId: string;
  input: Omit<CreateCallInput, 'notes' | 'externalId'>;
  notes: string[];
  /** The incident ended: closed (with how) or cancelled. */
  ending: { status: 'closed'; disposition: Disposition } | { status: 'cancelled' } | null;
  /** The parts of the document Tandem does not model, kept to be sent back as they came. */
  kept: Record<string, unknown>;
}

/** Top-level parts Tandem reads (and writes again on export); everything else is kept as it came. */
const MODELLED = new Set([
  '$id',
  'lastUpdateTimeStamp',
  'updatedByAgencyReference',
  'updatedByAgentReference',
  'eidoVersion',
  'issuingElementIdentification',
  'agencyComponent',
  'incidentComponent',
  'callComponent',
  'callbackComponent',
  'locationComponent',
  'notesComponent',
  'agentComponent',
  'emergencyResourceComponent',
  'dispatchComponent',
  'cautionComponent',
]);

const PRIORITY_OF: Record<string, number> = { highest: 1, high: 2, normal: 3, low: 4, lowest: 5 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const refOf = (v: unknown): string | undefined => (isObj(v) ? text(v.$ref) : Array.isArray(v) ? refOf(v[0]) : undefined);

function refuse(path: string, message: string): never {
  throw new DomainError('bad_request', `${path}: ${message}`, { issues: [{ path, message }] });
}

/** An EIDO note (HTML5) as plain text: tags dropped, entities read, never kept as markup. */
export function plainTextOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(Math.min(Number.parseInt(n, 16), 0x10ffff)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&')
    .trim();
}

/** The point of a PIDF-LO location by value: "<gml:pos>lat lon</gml:pos>". */
function pointOf(pidf: string | undefined): { lat: number; lon: number } | null {
  const m = pidf ? /<(?:\w+:)?pos[^>]*>\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)/.exec(pidf) : null;
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

/** A nature code Tandem accepts, from the agency's internal code or the registry's type. */
function natureOf(incident: Obj): string {
  for (const candidate of [text(incident.incidentTypeInternalCode), text(incident.incidentTypeCommonRegistryText)]) {
    const code = candidate
      ?.toUpperCase()
      .replace(/[^A-Z0-9_-]+/g, '_')
      .slice(0, 32);
    if (code && /^[A-Z0-9]/.test(code)) return code;
  }
  return refuse('incidentComponent.incidentTypeCommonRegistryText', 'needs an incident type Tandem can use as a nature code');
}

function riskOf(cautions: Obj[], mh: Obj | null): { weapons: YesNoUnknown; violence: YesNoUnknown } {
  const says = (re: RegExp) => cautions.some((c) => re.test(`${text(c.cautionTypeCommonRegistryText) ?? ''} ${text(c.cautionTypeInternalText) ?? ''}`));
  const fact = (v: unknown): YesNoUnknown | undefined => (v === 'yes' || v === 'no' || v === 'unknown' ? v : undefined);
  return {
    weapons: fact(mh?.weapons) ?? (says(/weapon|firearm|gun|knife/i) ? 'yes' : 'unknown'),
    violence: fact(mh?.violence) ?? (says(/violen|assault|combative/i) ? 'yes' : 'unknown'),
  };
}

/** Tandem's own MH facts, when the document carries them (an export posted back). */
function mhFactsOf(additional: Obj[]): Obj | null {
  const ours = additional.find((a) => a.urlPurpose === MH_EXTENSION);
  try {
    const facts: unknown = ours && typeof ours.additionalDataByValue === 'string' ? JSON.parse(ours.additionalDataByValue) : null;
    return isObj(facts) ? facts : null;
  } catch {
    return refuse('additionalDataComponent', `the ${MH_EXTENSION} entry must be JSON`);
  }
}

/** An integrator's external id for the incident: its id, or a digest of a long one. */
function externalIdOf(incidentId: string): string {
  const id = `eido:${incidentId}`;
  return id.length <= 64 ? id : `eido:sha256:${createHash('sha256').update(incidentId).digest('hex').slice(0, 48)}`;
}

/**
 * Reads a call from an EIDO document that already passed the schema. Refuses, naming the path,
 * what Tandem cannot place on its board: no incident type, no location point.
 */
export function eidoToCall(doc: Obj): EidoCall {
  const incident = isObj(doc.incidentComponent)
    ? doc.incidentComponent
    : refuse('incidentComponent', 'required: Tandem needs the incident (its type and location)');
  const incidentId = text(incident.$id) ?? text(doc.$id)!;
  const calls = list(doc.callComponent);
  const locations = list(doc.locationComponent);
  const wanted = refOf(incident.locationReference) ?? refOf(calls[0]?.locationReference);
  const index = Math.max(0, wanted ? locations.findIndex((l) => l.$id === wanted) : 0);
  const location = locations[index] ?? refuse('locationComponent', 'required: Tandem places every call on the map');
  const point =
    pointOf(text(location.locationByValue)) ??
    refuse(`locationComponent.${index}.locationByValue`, 'needs a PIDF-LO point (<gml:pos>latitude longitude</gml:pos>)');
  const address = text(location.locationDescriptionText)?.slice(0, 200);

  const priorityNumber = typeof incident.incidentCommonPriorityNumber === 'number' ? incident.incidentCommonPriorityNumber : undefined;
  const priority = priorityNumber && priorityNumber >= 1 && priorityNumber <= 5 ? priorityNumber : (PRIORITY_OF[text(calls[0]?.priorityIdentifier) ?? ''] ?? 3);

  const additional = list(doc.additionalDataComponent);
  const { weapons, violence } = riskOf(list(doc.cautionComponent), mhFactsOf(additional));
  const phone = list(doc.callbackComponent)
    .flatMap((c) => (Array.isArray(c.callBackInformationUri) ? c.callBackInformationUri : []))
    .map((u) => (typeof u === 'string' ? u.replace(/^tel:/i, '').trim() : ''))
    .find((p) => /^\+?[0-9 ().-]{3,32}$/.test(p));
  const notes = list(doc.notesComponent)
    .map((n) => plainTextOf(text(n.notesActionComments) ?? '').slice(0, NOTE_LIMITS.chars))
    .filter((n) => n.length > 0);

  const statuses = (Array.isArray(incident.incidentStatusCommonRegistryText) ? incident.incidentStatusCommonRegistryText : []).map((s) =>
    String(s).toLowerCase(),
  );
  const disposition = Disposition.safeParse(list(incident.dispositionComponent)[0]?.dispositionCommonRegistryCode);
  const ending = statuses.includes('cancelled')
    ? ({ status: 'cancelled' } as const)
    : statuses.includes('closed')
      ? ({ status: 'closed', disposition: disposition.success ? disposition.data : 'resolved_on_scene' } as const)
      : null;

  const kept = Object.fromEntries(Object.entries(doc).filter(([key]) => !MODELLED.has(key)));
  const others = additional.filter((a) => a.urlPurpose !== MH_EXTENSION);
  if (others.length) kept.additionalDataComponent = others;
  else delete kept.additionalDataComponent;
  if (Array.isArray(kept.eidoExtensionId)) kept.eidoExtensionId = kept.eidoExtensionId.filter((id) => id !== MH_EXTENSION);

  return {
    incidentId,
    ownCallId: callIdOfIncident(incidentId),
    externalId: externalIdOf(incidentId),
    input: {
      nature: natureOf(incident),
      priority,
      location: { ...point, ...(address ? { address } : {}) },
      weapons,
      violence,
      ...(phone ? { callerPhone: phone } : {}),
    },
    notes,
    ending,
    kept,
  };
}
