/**
 * Running totals this instance exposes on /metrics as Prometheus counters. Unit positions are
 * counted here rather than audited: they are telemetry, thousands a minute, not decisions a
 * person or an integration made (the audit trail stays for those).
 */
export class Counters {
  /** Unit positions written through this instance (REST single and batch). */
  positionsAccepted = 0;
  /** Positions refused in a batch because no such unit exists. */
  positionsIgnored = 0;
  /** Seconds of event-loop time the recommender spent computing advice. */
  recommenderSeconds = 0;
  /** Recommender passes run by this instance (it runs only while it holds the lease). */
  recommenderPasses = 0;
  /** WAIT commands sent to have a replica confirm changes (one covers every commit of a moment). */
  replicaWaits = 0;
  /** Changes acknowledged on the primary alone because no replica was connected. */
  writesUnreplicated = 0;
}
