import { z } from 'zod';

/** Ids appear in URLs, Redis keys and logs: keep them to a safe, short alphabet. */
export const EntityId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit');
export type EntityId = z.infer<typeof EntityId>;

/** Who made a change: a user name, an integration key name, or "sim" for the simulator. */
export const Actor = z.string().min(1).max(64);
