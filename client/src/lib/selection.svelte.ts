/**
 * Which call the drawer shows. Kept apart from the live state: the selected call may leave the
 * board (closed elsewhere) while the drawer is open, and the drawer must say so, not vanish.
 */
export class Selection {
  callId = $state<string | null>(null);

  select(callId: string): void {
    this.callId = callId;
  }

  clear(): void {
    this.callId = null;
  }
}
