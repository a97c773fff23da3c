import type { Snapshot } from './changes';

/**
 * A snapshot as it travels: the JSON of the whole live state, gzip-compressed once on the server
 * (per audience, reused by every client that connects while it is fresh) and inflated by each
 * client. `seq` is outside the compressed bytes so a client can tell where the snapshot stands
 * without inflating it. A city of 3,000 calls and 5,000 units is about 4 MB of JSON and well
 * under 1 MB compressed: a wall of screens reconnecting after a restart moves a fifth of it.
 */
export interface EncodedSnapshot {
  seq: number;
  /** The history the sequence numbers belong to: a client resumes with it (see HandshakeAuth). */
  history: string;
  encoding: 'gzip';
  data: ArrayBuffer | Uint8Array;
}

/** Inflates and parses a snapshot; works in browsers and in Node (both have DecompressionStream). */
export async function decodeSnapshot(encoded: EncodedSnapshot): Promise<Snapshot> {
  const bytes = encoded.data instanceof Uint8Array ? encoded.data : new Uint8Array(encoded.data);
  const inflated = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(inflated).text()) as Snapshot;
}
