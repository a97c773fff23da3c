import type { CallSummary } from '../../../shared/changes';
import { DESTINATION_TYPE_LABEL, type Destination } from '../../../shared/destination';
import { natureOf } from '../../../shared/natures';
import type { Unit } from '../../../shared/unit';
import { bedsText, countAge } from '../lib/destinations';
import { el, field } from '../lib/dom';
import { CALL_STATUS_LABEL, UNIT_STATUS_LABEL, UNIT_TYPE_LABEL } from '../lib/labels';

/** Popup content for a unit, built from text nodes. */
export function unitPopup(unit: Unit): HTMLElement {
  const root = el('div', 'popup popup--unit');
  root.dataset['unitId'] = unit.id;
  root.append(el('h3', 'popup__title', unit.callsign));
  const list = el('dl', 'popup__fields');
  field(list, 'Type', UNIT_TYPE_LABEL[unit.type]);
  field(list, 'Status', UNIT_STATUS_LABEL[unit.status]);
  root.append(list);
  return root;
}

/** Popup content for a call, built from text nodes. `units` names the assigned units. */
export function callPopup(call: CallSummary, units: ReadonlyMap<string, Unit>): HTMLElement {
  const root = el('div', 'popup popup--call');
  root.dataset['callId'] = call.id;
  const title = el('h3', 'popup__title', natureOf(call.nature).label);
  root.append(title);
  if (call.mh.flagged) root.append(el('p', 'popup__mh', 'Ψ Mental-health call'));
  const list = el('dl', 'popup__fields');
  field(list, 'Call', call.number);
  field(list, 'Priority', `P${call.priority}`);
  field(list, 'Status', CALL_STATUS_LABEL[call.status]);
  if (call.location.address) field(list, 'Address', call.location.address);
  if (call.assignedUnitIds.length > 0) {
    field(list, 'Units', call.assignedUnitIds.map((id) => units.get(id)?.callsign ?? id).join(', '));
  }
  root.append(list);
  return root;
}

/** Popup content for a transport destination, built from text nodes. */
export function destinationPopup(d: Destination, now: number): HTMLElement {
  const root = el('div', 'popup popup--destination');
  root.dataset['destinationId'] = d.id;
  root.append(el('h3', 'popup__title', d.name));
  const list = el('dl', 'popup__fields');
  field(list, 'Type', DESTINATION_TYPE_LABEL[d.type]);
  field(list, 'Beds', `${bedsText(d.freeBeds)} (${countAge(d.bedsUpdatedAt, now)})`);
  field(list, 'Address', d.address);
  if (d.accepts) field(list, 'Takes', d.accepts);
  root.append(list);
  return root;
}
