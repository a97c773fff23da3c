import type { CallStatus, Disposition, MhReason, ResponseModel, YesNoUnknown } from '../../../shared/call';
import type { Role } from '../../../shared/roles';
import type { UnitStatus, UnitType } from '../../../shared/unit';

/** Words shown to people; codes stay in data attributes for tests and tooling. */
export const UNIT_TYPE_LABEL: Readonly<Record<UnitType, string>> = {
  law: 'Police',
  ems: 'EMS',
  fire: 'Fire',
  co_responder: 'Co-responder',
  crisis_team: 'Crisis team',
};

export const UNIT_STATUS_LABEL: Readonly<Record<UnitStatus, string>> = {
  available: 'Available',
  dispatched: 'Dispatched',
  enroute: 'En route',
  onscene: 'On scene',
  transporting: 'Transporting',
  out_of_service: 'Out of service',
  off_duty: 'Off duty',
};

export const CALL_STATUS_LABEL: Readonly<Record<CallStatus, string>> = {
  pending: 'Pending',
  dispatched: 'Dispatched',
  enroute: 'En route',
  onscene: 'On scene',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const RESPONSE_MODEL_LABEL: Readonly<Record<ResponseModel, string>> = {
  alternative: 'Crisis team alone',
  co_response: 'Co-responder with police',
  police_cit: 'Police with CIT officer',
};

/** For the call list, where a row has little room. */
export const RESPONSE_MODEL_SHORT: Readonly<Record<ResponseModel, string>> = {
  alternative: 'Team alone',
  co_response: 'Co-resp + police',
  police_cit: 'Police + CIT',
};

export const DISPOSITION_LABEL: Readonly<Record<Disposition, string>> = {
  resolved_on_scene: 'Resolved on scene',
  transported: 'Transported',
  referred: 'Referred to services',
  report_taken: 'Report taken',
  arrest: 'Arrest',
  no_contact: 'No contact',
  unfounded: 'Unfounded',
  police_not_needed: 'Police not needed',
  resolved_by_clinician: 'Resolved by clinician',
  transported_crisis_center: 'Transported to a crisis centre',
  transported_detox: 'Transported to detox',
  referred_988: 'Referred to 988 or a crisis line',
  emergency_hold: 'Emergency mental-health hold',
};

export const MH_REASON_LABEL: Readonly<Record<MhReason, string>> = {
  nature: 'call type',
  keyword: 'words in the notes',
  profile: 'safety profile',
  dispatcher: 'set by dispatcher',
};

export const YES_NO_UNKNOWN_LABEL: Readonly<Record<YesNoUnknown, string>> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
};

/** A unit status as the action that moves a unit into it ("Clear" rather than "Available"). */
export const UNIT_STATUS_ACTION: Readonly<Record<UnitStatus, string>> = {
  available: 'Clear',
  dispatched: 'Dispatch',
  enroute: 'En route',
  onscene: 'On scene',
  transporting: 'Transporting',
  out_of_service: 'Out of service',
  off_duty: 'Off duty',
};

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  wall: 'Wall display',
  dispatcher: 'Dispatcher',
  supervisor: 'Supervisor',
  coordinator: 'Co-responder coordinator',
  admin: 'Administrator',
};

/**
 * The caller's languages the drawer offers (Denver's largest non-English communities, and ASL);
 * a call may hold another one, set by an integration, and the drawer then offers it too.
 */
export const CALLER_LANGUAGES: readonly string[] = ['Spanish', 'Vietnamese', 'Amharic', 'Arabic', 'Somali', 'Russian', 'Chinese', 'Nepali', 'French', 'ASL'];
