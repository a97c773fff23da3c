/**
 * Every Redis key Tandem uses is built here, and nowhere else, so the layout can be read in one
 * place and a deployment can share a Redis by choosing its own prefix.
 */
export interface Keys {
  /** The global sequence number: incremented by every commit. */
  seq: string;
  /** The change stream; entry ids are `<seq>-0`. */
  stream: string;
  /**
   * A random id made when the data set is first initialised: the identity of the history the
   * sequence numbers count. A missing or different id means Redis lost or replaced its data.
   */
  history: string;
  /** Counter behind human-readable call numbers. */
  callNumber: string;
  /** Set of the ids of calls that are not closed or cancelled. */
  openCalls: string;
  /** Sorted set: closed and cancelled calls, scored by when they finished (retention removes the oldest). */
  finishedCalls: string;
  /** Sorted set: calls that waited for a co-response team while none was free, scored by when. */
  unmetCalls: string;
  /** Sorted set: "<call id>:<ms to first assignment>", scored by when it was assigned. */
  assignedCalls: string;
  /** History search's index: a sorted set per token of the finished calls that have it, scored like finishedCalls. */
  historyToken(token: string): string;
  /** Scratch keys of history searches (made and deleted inside one script). */
  historyScratch(id: string): string;
  /**
   * Shift replay's recording: a stream of call and unit changes (entry id `<seq>-0`, so
   * instances recording the same change write it once), a stream of sampled unit positions, and
   * a stream of keyframes (the whole board, gzip) to start a replay from. Changes and samples
   * older than an hour are packed into hourly blocks (the `Packed` streams; RecordedStream).
   * Trimmed to REPLAY_RETENTION_DAYS.
   */
  replayChanges: string;
  replayChangesPacked: string;
  replayPositions: string;
  replayPositionsPacked: string;
  replayFrames: string;
  /** Set of every unit id. */
  units: string;
  /**
   * Transport destinations (crisis units, detox, hospitals): a hash per destination (`v`, `doc`)
   * and the set of their ids. Written only by the commit (destination:put, destination:setBeds,
   * the demo seed), so every change reaches screens through the stream; kept until replaced,
   * like units (there are tens of them, not thousands).
   */
  destination(id: string): string;
  destinations: string;
  /** Prefixes under which the load script finds entity hashes by id. */
  callPrefix: string;
  unitPrefix: string;
  destinationPrefix: string;
  /** Append-only audit stream. */
  audit: string;
  /** Sign-in accounts: a hash per user, and the set of all user names. */
  user(username: string): string;
  users: string;
  /** A session (board or wall) and the sessions of one user or one display key. */
  session(id: string): string;
  sessionsOfUser(username: string): string;
  sessionsOfKey(keyId: string): string;
  /** API keys (display and ingest) by the SHA-256 of the secret, and all key ids -> that hash. */
  apiKeyByHash(sha256: string): string;
  apiKeys: string;
  /** Safety profiles, the index from a verified phone to a profile, and per-call access grants. */
  profile(id: string): string;
  profileByPhone(phone: string): string;
  profiles: string;
  grant(callId: string): string;
  /** Which profile a call was matched to; outlives the grant so an expiry is told from "no profile". */
  profileLink(callId: string): string;
  /** When a household's access for the incident in progress ends (see Grants: one grant per household per window). */
  profileIncident(profileId: string): string;
  call(id: string): string;
  unit(id: string): string;
  /** Idempotency index: an integrator's externalId -> the call it created. */
  callByExternalId(externalId: string): string;
  /** Who runs a cluster-wide job (the recommender): one instance at a time holds it. */
  lease(job: string): string;
  /** A rate-limit counter shared by every instance (see WindowCounter). */
  rateLimit(scope: string, id: string): string;
}

export function makeKeys(prefix: string): Keys {
  const callPrefix = `${prefix}call:`;
  const unitPrefix = `${prefix}unit:`;
  const destinationPrefix = `${prefix}destination:`;
  return {
    seq: `${prefix}seq`,
    history: `${prefix}history`,
    stream: `${prefix}changes`,
    callNumber: `${prefix}calls:number`,
    openCalls: `${prefix}calls:open`,
    finishedCalls: `${prefix}calls:finished`,
    unmetCalls: `${prefix}calls:unmet`,
    assignedCalls: `${prefix}calls:assigned`,
    historyToken: (token) => `${prefix}history:${token}`,
    historyScratch: (id) => `${prefix}history-search:${id}`,
    replayChanges: `${prefix}replay:changes`,
    replayChangesPacked: `${prefix}replay:changes:packed`,
    replayPositions: `${prefix}replay:positions`,
    replayPositionsPacked: `${prefix}replay:positions:packed`,
    replayFrames: `${prefix}replay:frames`,
    units: `${prefix}units`,
    destination: (id) => `${destinationPrefix}${id}`,
    destinations: `${prefix}destinations`,
    callPrefix,
    unitPrefix,
    destinationPrefix,
    audit: `${prefix}audit`,
    user: (username) => `${prefix}user:${username}`,
    users: `${prefix}users`,
    session: (id) => `${prefix}session:${id}`,
    sessionsOfUser: (username) => `${prefix}user-sessions:${username}`,
    sessionsOfKey: (keyId) => `${prefix}key-sessions:${keyId}`,
    apiKeyByHash: (sha256) => `${prefix}apikey:${sha256}`,
    apiKeys: `${prefix}apikeys`,
    profile: (id) => `${prefix}profile:${id}`,
    profileByPhone: (phone) => `${prefix}profile-phone:${phone}`,
    profiles: `${prefix}profiles`,
    grant: (callId) => `${prefix}grant:${callId}`,
    profileLink: (callId) => `${prefix}profile-link:${callId}`,
    profileIncident: (profileId) => `${prefix}profile-incident:${profileId}`,
    call: (id) => `${callPrefix}${id}`,
    unit: (id) => `${unitPrefix}${id}`,
    callByExternalId: (externalId) => `${prefix}ext:call:${externalId}`,
    lease: (job) => `${prefix}lease:${job}`,
    rateLimit: (scope, id) => `${prefix}ratelimit:${scope}:${id}`,
  };
}
