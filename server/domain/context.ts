/** Who is acting and when: every domain function takes it instead of reading the clock itself. */
export interface CommandContext {
  now: number;
  by: string;
  /** Tandem itself (the recommender), not a person: its changes do not make anyone's view stale. */
  system?: boolean;
}
