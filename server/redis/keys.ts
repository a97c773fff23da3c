/**
 * Every Redis key Tandem uses is built here, and nowhere else, so the layout can be read in one
 * place and a deployment can share a Redis by choosing its own prefix.
 */
export interface Keys {
  /** The global sequence number: incremented by every commit. */
  seq: string;
  /** The change stream; entry ids are `<seq>-0`. */
  stream: string;
  /** Counter behind human-readable call numbers. */
  callNumber: string;
  /** Set of the ids of calls that are not closed or cancelled. */
  openCalls: string;
  /** Sorted set: calls that waited for a co-response team while none was free, scored by when. */
  unmetCalls: string;
  /** Set of every unit id. */
  units: string;
  /** Prefixes under which the load script finds entity hashes by id. */
  callPrefix: string;
  unitPrefix: string;
  call(id: string): string;
  unit(id: string): string;
  /** Idempotency index: an integrator's externalId -> the call it created. */
  callByExternalId(externalId: string): string;
}

export function makeKeys(prefix: string): Keys {
  const callPrefix = `${prefix}call:`;
  const unitPrefix = `${prefix}unit:`;
  return {
    seq: `${prefix}seq`,
    stream: `${prefix}changes`,
    callNumber: `${prefix}calls:number`,
    openCalls: `${prefix}calls:open`,
    unmetCalls: `${prefix}calls:unmet`,
    units: `${prefix}units`,
    callPrefix,
    unitPrefix,
    call: (id) => `${callPrefix}${id}`,
    unit: (id) => `${unitPrefix}${id}`,
    callByExternalId: (externalId) => `${prefix}ext:call:${externalId}`,
  };
}
