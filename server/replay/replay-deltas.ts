/**
 * How a recorded change stores an entity: whole the first time the recording sees it (`f`),
 * afterwards only the fields that changed since its previous recorded version (`s`). A call
 * summary is about 540 bytes and most changes touch two or three of its fields; this is what
 * keeps a year of replay within Redis's memory (see npm run bench:replay).
 *
 * Writer and reader follow the same entities through the same sequence of changes, so a delta
 * always applies to the version the writer had: the reader starts from a keyframe (open calls,
 * every unit) and both forget a call when it finishes (reopened, it is written whole again).
 */
export type RecordedEntity = { id: string; f: Record<string, unknown> } | { id: string; s: Record<string, unknown> };

type Doc = Record<string, unknown> & { id: string };

/**
 * The fields of `next` that differ from `prev` (compared as JSON: nested parts count whole).
 * Fields are never removed from calls and units, only changed (null is a value), so a delta
 * need not say "removed".
 */
export function changedFields(prev: Doc, next: Doc): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) if (JSON.stringify(prev[key]) !== JSON.stringify(value)) set[key] = value;
  return set;
}

/** Follows entities through recorded changes: encodes them (writer) or rebuilds them (reader). */
export class EntityTrack<T extends Doc> {
  readonly #known = new Map<string, T>();

  constructor(
    initial: Iterable<T>,
    /** Whether an entity is forgotten after this version (a finished call). */
    private readonly leaves: (doc: T) => boolean = () => false,
  ) {
    for (const doc of initial) this.#known.set(doc.id, doc);
  }

  /** The writer's record of a new version. */
  encode(next: T): RecordedEntity {
    const prev = this.#known.get(next.id);
    this.#remember(next);
    return prev ? { id: next.id, s: changedFields(prev, next) } : { id: next.id, f: next };
  }

  /** The reader's whole version from a record; null when its base is unknown (a gap in the recording). */
  decode(rec: RecordedEntity | T): T | null {
    let next: T;
    if ('f' in rec) next = rec.f as T;
    else if ('s' in rec) {
      const prev = this.#known.get(rec.id);
      if (!prev) return null;
      next = Object.assign({}, prev, rec.s);
    } else next = rec as T; // recorded whole, before deltas
    this.#remember(next);
    return next;
  }

  #remember(doc: T): void {
    if (this.leaves(doc)) this.#known.delete(doc.id);
    else this.#known.set(doc.id, doc);
  }
}
