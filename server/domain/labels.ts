import type { Call } from '../../shared/call';
import type { UnitDoc, UnitStatus } from '../../shared/unit';

export const callLabel = (call: Pick<Call, 'number'>): string => `call ${call.number}`;
export const unitLabel = (unit: Pick<UnitDoc, 'callsign'>): string => `unit ${unit.callsign}`;

const UNIT_STATUS_WORDS: Record<UnitStatus, string> = {
  available: 'available',
  dispatched: 'dispatched',
  enroute: 'en route',
  onscene: 'on scene',
  transporting: 'transporting',
  out_of_service: 'out of service',
  off_duty: 'off duty',
};

export const unitStatusWords = (s: UnitStatus): string => UNIT_STATUS_WORDS[s];
