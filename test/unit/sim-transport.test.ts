import { describe, expect, it } from 'vitest';
import type { Destination, DestinationType } from '../../shared/destination';
import { chooseDestination } from '../../server/sim/transport-destination';
import { makeCall, T0 } from '../helpers/entities';

const HERE = { lat: 39.74, lon: -104.99 };
const place = (id: string, type: DestinationType, kmEast: number, freeBeds: number | null = 3): Destination => ({
  id,
  name: `${id} (demo)`,
  type,
  location: { lat: HERE.lat, lon: HERE.lon + kmEast / 85.4 },
  address: '1 Demo St',
  freeBeds,
  bedsUpdatedAt: T0,
  accepts: null,
  version: 1,
  updatedAt: T0,
  updatedBy: 'test',
});
const city = [
  place('er-near', 'hospital_er', 1),
  place('csu-far', 'crisis_stabilization', 6),
  place('csu-full', 'crisis_stabilization', 2, 0),
  place('detox', 'detox', 9),
];

describe('where a simulated unit transports to', () => {
  it('takes a mental-health crisis to the nearest crisis unit with a bed, not the nearer full one nor the ED', () => {
    expect(chooseDestination(HERE, makeCall('c', { nature: 'EDP' }), city)?.id).toBe('csu-far');
  });

  it('takes someone intoxicated to detox, anyone else to an emergency department', () => {
    expect(chooseDestination(HERE, makeCall('c', { nature: 'INTOX' }), city)?.id).toBe('detox');
    expect(chooseDestination(HERE, makeCall('c', { nature: 'MEDICAL' }, { flagged: false, reasons: [] }), city)?.id).toBe('er-near');
  });

  it('falls back to an emergency department when no place of the kind has a bed, and to none in a city without places', () => {
    expect(
      chooseDestination(HERE, makeCall('c', { nature: 'EDP' }), [place('csu-full', 'crisis_stabilization', 2, 0), place('er', 'hospital_er', 5)])?.id,
    ).toBe('er');
    expect(chooseDestination(HERE, makeCall('c', { nature: 'EDP' }), [])).toBeNull();
  });
});
