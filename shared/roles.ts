/** The roles a signed-in person can have. Which may run what is declared per operation (shared/operations.ts). */
export const ROLES = ['wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
