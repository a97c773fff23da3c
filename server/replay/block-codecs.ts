/** One recorded entry, whether still in the recent stream or packed: its stream id, when, and what. */
export interface RecordedEntry {
  id: string;
  at: number;
  body: unknown;
}

/** How a packed block holds its entries (as JSON, before compression). */
export interface BlockCodec {
  encode(entries: readonly RecordedEntry[]): unknown;
  decode(block: unknown): RecordedEntry[];
}

/** Each entry as [id, at, body]: for changes, whose bodies vary too much for more. */
export const plainBlocks: BlockCodec = {
  encode: (entries) => entries.map((e) => [e.id, e.at, e.body]),
  decode: (block) => (block as [string, number, unknown][]).map(([id, at, body]) => ({ id, at, body })),
};

/** A position sample: [unitId, lat, lon], lat and lon to 1e-4 degrees (replay-recorder.ts). */
type Sample = [string, number, number];

interface PositionBlock {
  v: 2;
  /** Every unit sampled in the block, once. */
  units: string[];
  /** Per entry: its id's milliseconds (the first as is, then the difference), its id's sequence part, and at's lag behind the id. */
  ms: number[];
  n: number[];
  lag: number[];
  /**
   * Per entry, flat triples [unit index step, lat step, lon step]: the unit's index less the last
   * one in this sample, and its position in 1e-4 degrees less its last position in the block
   * (the first time: the position itself). A moving unit goes 100-300 m in 30 s, so the steps
   * are two-digit numbers where the values are six: an hour of a big fleet's samples packs to
   * about half (npm run bench:replay).
   */
  s: number[][];
}

const E4 = 1e4;
const toE4 = (deg: number) => Math.round(deg * E4);

/** Position samples in columns and steps (see PositionBlock). */
export const positionBlocks: BlockCodec = {
  encode(entries) {
    const index = new Map<string, number>();
    const last = new Map<string, [number, number]>();
    const block: PositionBlock = { v: 2, units: [], ms: [], n: [], lag: [], s: [] };
    let prevMs = 0;
    for (const e of entries) {
      const [msText, nText] = e.id.split('-') as [string, string];
      const ms = Number(msText);
      block.ms.push(ms - prevMs);
      block.n.push(Number(nText));
      block.lag.push(ms - e.at);
      prevMs = ms;
      const flat: number[] = [];
      let prevIndex = 0;
      for (const [unitId, lat, lon] of e.body as Sample[]) {
        let i = index.get(unitId);
        if (i === undefined) {
          i = block.units.length;
          index.set(unitId, i);
          block.units.push(unitId);
        }
        const at: [number, number] = [toE4(lat), toE4(lon)];
        const was = last.get(unitId) ?? [0, 0];
        flat.push(i - prevIndex, at[0] - was[0], at[1] - was[1]);
        last.set(unitId, at);
        prevIndex = i;
      }
      block.s.push(flat);
    }
    return block;
  },

  decode(raw) {
    // Blocks packed before this codec hold [id, at, body] entries.
    if (Array.isArray(raw)) return plainBlocks.decode(raw);
    const block = raw as PositionBlock;
    const last = new Map<number, [number, number]>();
    const out: RecordedEntry[] = [];
    let ms = 0;
    block.s.forEach((flat, k) => {
      ms += block.ms[k]!;
      const samples: Sample[] = [];
      let i = 0;
      for (let j = 0; j < flat.length; j += 3) {
        i += flat[j]!;
        const was = last.get(i) ?? [0, 0];
        const at: [number, number] = [was[0] + flat[j + 1]!, was[1] + flat[j + 2]!];
        last.set(i, at);
        samples.push([block.units[i]!, at[0] / E4, at[1] / E4]);
      }
      out.push({ id: `${ms}-${block.n[k]}`, at: ms - block.lag[k]!, body: samples });
    });
    return out;
  },
};
