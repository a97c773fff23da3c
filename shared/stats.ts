/** Counters of the day, computed by the server from Redis and pushed to the screens. */
export interface DispatchStats {
  /** Start of "today" (local midnight of the service area) as epoch ms. */
  dayStart: number;
  /** Calls eligible for a co-response team that waited while none was free, since dayStart. */
  unmetToday: number;
  /** Calls first assigned since dayStart, and the median seconds from creation to that assignment. */
  assignedToday: number;
  medianSecondsToAssignToday: number | null;
}
