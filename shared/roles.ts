/**
 * Who may do what. The server checks every command against this table; the board uses it to
 * offer only what the signed-in role may do. Sign-in itself arrives with access control.
 */
export const ROLES = ['wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const COMMAND_ROLES = {
  'call:assign': ['dispatcher', 'supervisor'],
  'call:unassign': ['dispatcher', 'supervisor'],
  'call:update': ['dispatcher', 'supervisor'],
  'call:note': ['dispatcher', 'supervisor', 'coordinator'],
  'call:reopen': ['supervisor'],
  'call:backup': ['dispatcher', 'supervisor', 'coordinator'],
  'unit:reassign': ['supervisor'],
  'unit:setStatus': ['dispatcher', 'supervisor'],
  'unit:checkIn': ['dispatcher', 'supervisor', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;
export type CommandName = keyof typeof COMMAND_ROLES;

export function mayRun(role: Role, command: CommandName): boolean {
  return (COMMAND_ROLES[command] as readonly Role[]).includes(role);
}
