import { z } from 'zod';

/** What kind of unit: its own file so a call (which records who served it) and a unit share it. */
export const UNIT_TYPES = ['law', 'ems', 'fire', 'co_responder', 'crisis_team'] as const;
export const UnitType = z.enum(UNIT_TYPES);
export type UnitType = z.infer<typeof UnitType>;
