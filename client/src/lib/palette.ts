import type { UnitType } from '../../../shared/unit';

/**
 * Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Colour is
 * never the only cue on the board (shapes, glyphs and text carry the same meaning).
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export type UnitShape = 'circle' | 'diamond' | 'square';

/** Co-response units get their own shapes so they are found without relying on colour. */
export const UNIT_STYLE: Readonly<Record<UnitType, { colour: string; shape: UnitShape; radius: number }>> = {
  law: { colour: OKABE_ITO.skyBlue, shape: 'circle', radius: 5 },
  ems: { colour: OKABE_ITO.bluishGreen, shape: 'circle', radius: 5 },
  fire: { colour: OKABE_ITO.orange, shape: 'circle', radius: 5 },
  co_responder: { colour: OKABE_ITO.reddishPurple, shape: 'diamond', radius: 8 },
  crisis_team: { colour: OKABE_ITO.yellow, shape: 'square', radius: 7 },
};

/** Off-duty and out-of-service units: neutral grey, they are not part of the picture. */
export const OFF_COLOUR = '#8a94a3';
