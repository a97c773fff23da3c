import type { ClientConfig } from '../../../shared/client-config';
import { inService, minuteOfDayIn } from '../../../shared/clock';
import type { UnitDoc } from '../../../shared/unit';

export type InServiceCheck = (unit: Pick<UnitDoc, 'type' | 'shift'>) => boolean;

/**
 * Whether each unit works now (its shift, else its type's hours of service), in the service
 * area's time zone. Until the config arrives every unit counts as working.
 */
export function inServiceAt(config: Pick<ClientConfig, 'hoursOfService' | 'timeZone'> | undefined, now: number): InServiceCheck {
  if (!config) return () => true;
  const minute = minuteOfDayIn(now, config.timeZone);
  return (unit) => inService(unit, config.hoursOfService, minute);
}
