import type { Call } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import type { UnitDoc, UnitStatus, UnitType } from '../../shared/unit';

/** Who issues Tandem's EIDO documents and owns its incidents (the dispatch center). */
export const EIDO_ISSUER = 'tandem';
const AGENCY_ID = 'urn:tandem:agency:dispatch-center';
/** The incident's id in EIDO: a document with it, posted back, updates this call. */
export const incidentIdOf = (callId: string): string => `urn:tandem:incident:${callId}`;
export const callIdOfIncident = (incidentId: string): string | null => /^urn:tandem:incident:([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/.exec(incidentId)?.[1] ?? null;

/** The extension id under which the MH facts travel (additionalDataComponent, JSON by value). */
export const MH_EXTENSION = 'urn:tandem:eido:mh:1';

const RESOURCE_TYPE: Record<UnitType, string> = { law: 'Law', ems: 'EMS', fire: 'Fire', co_responder: 'Other', crisis_team: 'Other' };
const UNIT_STATUS: Record<UnitStatus, string> = {
  available: 'Available',
  dispatched: 'Dispatched',
  enroute: 'Enroute',
  onscene: 'OnScene',
  transporting: 'Transporting',
  out_of_service: 'OutOfService',
  off_duty: 'OffDuty',
};
const INCIDENT_STATUS: Record<Call['status'], string> = {
  pending: 'Pending',
  dispatched: 'Dispatched',
  enroute: 'Dispatched',
  onscene: 'OnScene',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** EIDO notes are HTML5; a call's notes are plain text, so they are escaped, never markup. */
export function htmlEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** A point as the PIDF-LO location EIDO carries by value (GML, latitude then longitude). */
export function pidfLoPoint(lat: number, lon: number): string {
  return `<gml:Point xmlns:gml="http://www.opengis.net/gml" srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${lat} ${lon}</gml:pos></gml:Point>`;
}

export interface ExportContext {
  /** The units that worked the call as they are now (null: no longer known). */
  units: ReadonlyMap<string, UnitDoc | null>;
  /** Parts of an imported document Tandem does not model, kept and sent back as they came. */
  kept: Record<string, unknown> | null;
}

/**
 * A call as a NENA EIDO document: the incident (type, status, priority, number, disposition),
 * the 911 call, its location, notes, the units that worked it with their statuses, cautions for
 * reported weapons and violence, and the MH facts as an extension (EIDO has no field for them).
 * Nothing from safety profiles: they are never part of a call.
 */
export function callToEido(call: Call, ctx: ExportContext): Record<string, unknown> {
  const stamp = new Date(call.updatedAt).toISOString();
  const prologue = (id: string) => ({ $id: id, lastUpdateTimeStamp: stamp, updatedByAgencyReference: { $ref: AGENCY_ID } });
  const incidentId = incidentIdOf(call.id);
  const ref = (kind: string, n: number | string = '') => `${incidentId}:${kind}${n === '' ? '' : `:${n}`}`;
  const nature = natureOf(call.nature);
  const locationId = ref('location');

  const notes = call.notes.map((n, i) => ({
    ...prologue(ref('note', i)),
    lastUpdateTimeStamp: new Date(n.at).toISOString(),
    notesActionComments: htmlEscape(n.text),
    agentReference: { $ref: ref('agent', n.by) },
  }));
  const authors = [...new Set([call.updatedBy, ...call.notes.map((n) => n.by)])];
  const served = call.servedBy ?? [];
  const agents = [
    ...authors.map((by) => ({ ...prologue(ref('agent', by)), agentRoleRegistryText: ['Dispatcher'], agencyReference: { $ref: AGENCY_ID } })),
    ...served.map((s) => ({ ...prologue(ref('unit-agent', s.unitId)), agentRoleRegistryText: ['Responder'], agencyReference: { $ref: AGENCY_ID } })),
  ];
  const resources = served.map((s) => {
    const unit = ctx.units.get(s.unitId) ?? null;
    const onCall = call.assignedUnitIds.includes(s.unitId);
    return {
      ...prologue(ref('unit', s.unitId)),
      agentReference: [{ $ref: ref('unit-agent', s.unitId) }],
      emergencyResourceName: s.callsign,
      emergencyResourceTypeCommonRegistryText: RESOURCE_TYPE[s.type],
      emergencyResourceTypeInternalText: s.type,
      resourceAttributeRegistryText: unit
        ? [
            ...(unit.capabilities.cit ? ['CIT'] : []),
            ...(unit.capabilities.clinician ? ['Clinician'] : []),
            ...(unit.capabilities.paramedic ? ['Paramedic'] : []),
          ]
        : [],
      // A unit still on the call reports its status; one that left it has cleared.
      primaryUnitStatusRegistryText: onCall && unit ? UNIT_STATUS[unit.status] : 'Cleared',
      secondaryUnitStatusRegistryText: [],
      unitStatusInternal: [onCall && unit ? unit.status : 'cleared'],
    };
  });
  const cautions = [
    ...(call.mh.weapons === 'yes' ? [{ kind: 'weapons', text: 'Weapons reported' }] : []),
    ...(call.mh.violence === 'yes' ? [{ kind: 'violence', text: 'Violence reported' }] : []),
  ].map((c) => ({
    ...prologue(ref('caution', c.kind)),
    cautionTypeInternalText: c.text,
    cautionTypeCommonRegistryText: c.kind === 'weapons' ? 'Weapons' : 'Violence',
    cautionSeverity: 'high',
  }));
  const mhFacts = {
    flagged: call.mh.flagged,
    reasons: call.mh.reasons,
    keywords: call.mh.keywords,
    weapons: call.mh.weapons,
    violence: call.mh.violence,
    recommendedModel: call.mh.recommendation?.model ?? null,
  };
  const kept = ctx.kept ?? {};

  return {
    ...kept,
    ...prologue(incidentId),
    eidoVersion: '1.0',
    eidoExtensionId: [...new Set([...((kept.eidoExtensionId as string[] | undefined) ?? []), MH_EXTENSION])],
    issuingElementIdentification: EIDO_ISSUER,
    agencyComponent: [
      {
        ...prologue(AGENCY_ID),
        agencyRoleDescriptionRegistryText: ['Dispatch'],
        agencyType: ['dispatch'],
        incidentOwningAgencyIndicator: true,
      },
    ],
    incidentComponent: {
      ...prologue(incidentId),
      incidentTypeCommonRegistryText: nature.common,
      incidentTypeInternalCode: call.nature,
      incidentTypeInternalText: nature.label,
      incidentStatusCommonRegistryText: [INCIDENT_STATUS[call.status]],
      incidentStatusInternalText: [call.status],
      internalIncidentId: call.number,
      incidentCommonPriorityNumber: call.priority,
      incidentPriorityInternalText: `P${call.priority}`,
      locationReference: [{ $ref: locationId }],
      agentReference: authors.map((by) => ({ $ref: ref('agent', by) })),
      notesReference: notes.map((n) => ({ $ref: n.$id })),
      ...(call.disposition
        ? { dispositionComponent: [{ ...prologue(ref('disposition')), dispositionCommonRegistryCode: call.disposition, dispositionPrimaryIndicator: true }] }
        : {}),
    },
    callComponent: [
      {
        ...prologue(ref('call')),
        callStateRegistryText: call.status === 'closed' || call.status === 'cancelled' ? 'callEnd' : 'callAnswered',
        standardPrimaryCallType: 'emergency',
        direction: 'incoming',
        callStartTimestamp: new Date(call.createdAt).toISOString(),
        locationReference: [{ $ref: locationId }],
        ...(call.callerPhone ? { callBackReference: { $ref: ref('callback') } } : {}),
      },
    ],
    ...(call.callerPhone
      ? { callbackComponent: [{ ...prologue(ref('callback')), callBackInformationUri: [`tel:${call.callerPhone.replace(/[^+\d]/g, '')}`] }] }
      : {}),
    locationComponent: [
      {
        ...prologue(locationId),
        locationTypeDescriptionRegistryText: 'Incident',
        locationByValue: pidfLoPoint(call.location.lat, call.location.lon),
        ...(call.location.address ? { locationDescriptionText: call.location.address } : {}),
      },
    ],
    notesComponent: notes,
    agentComponent: agents,
    emergencyResourceComponent: resources,
    ...(resources.length ? { dispatchComponent: [{ ...prologue(ref('dispatch')), emergencyResourceReference: resources.map((r) => ({ $ref: r.$id })) }] } : {}),
    ...(cautions.length ? { cautionComponent: cautions } : {}),
    additionalDataComponent: [
      ...((kept.additionalDataComponent as unknown[] | undefined) ?? []),
      { ...prologue(ref('mh')), urlPurpose: MH_EXTENSION, additionalDataByValue: JSON.stringify(mhFacts) },
    ],
  };
}
