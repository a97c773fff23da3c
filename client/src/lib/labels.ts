import type { CallStatus } from '../../../shared/call';
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
