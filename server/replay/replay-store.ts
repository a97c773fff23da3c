import { gunzipSync } from 'node:zlib';
import { isOpenCall } from '../../shared/call';
import type { CallSummary } from '../../shared/changes';
import type { ReplayRecording } from '../../shared/replay';
import type { UnitDoc } from '../../shared/unit';
import { DomainError } from '../domain/errors';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { EntityTrack, type RecordedEntity } from './replay-deltas';

/** Entries read per round trip. */
const PAGE = 5_000;
/** The most changes one replay carries: beyond it, ask for fewer hours. */
const MAX_CHANGES = 300_000;

type Frame = ReplayRecording['frame'];

/** Reads shift replay's recording (see ReplayRecorder). */
export class ReplayStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** From the last keyframe at or before `from` to `from + hours`. */
  async read(from: number, hours: number, now = Date.now()): Promise<ReplayRecording> {
    if (from >= now) throw new DomainError('bad_request', 'the replay would start in the future; pick a start in the past');
    // Recorded up to now at most: a replay never shows a moment that has not happened yet.
    const to = Math.min(from + Math.round(hours * 3_600_000), now);
    const frame = await this.frameAtOrBefore(from);
    const changes: ReplayRecording['changes'] = [];
    const calls_ = new EntityTrack<CallSummary>(frame.calls, (c) => !isOpenCall(c));
    const units_ = new EntityTrack<UnitDoc>(frame.units);
    for (let after = `(${frame.seq}-0`; ;) {
      const entries = (await this.redis.xRange(this.keys.replayChanges, after, '+', { COUNT: PAGE })) ?? [];
      let done = entries.length < PAGE;
      for (const e of entries) {
        const at = Number(e.message.at);
        if (at > to) {
          done = true;
          break;
        }
        const recorded = JSON.parse(e.message.d!) as { calls: (RecordedEntity | CallSummary)[]; units: (RecordedEntity | UnitDoc)[] };
        // Whole versions again, from the deltas (a delta with no known base is a gap in the recording: left out).
        const calls = recorded.calls.flatMap((r) => calls_.decode(r as RecordedEntity) ?? []);
        const units = recorded.units.flatMap((r) => units_.decode(r as RecordedEntity) ?? []);
        changes.push({ seq: Number(e.id.split('-')[0]), at, calls, units });
      }
      if (changes.length > MAX_CHANGES) throw new DomainError('bad_request', `more than ${MAX_CHANGES} changes in that stretch; replay fewer hours`);
      if (done || entries.length === 0) break;
      after = `(${entries.at(-1)!.id}`;
    }
    const positions: ReplayRecording['positions'] = [];
    // Sample entry ids are the recording instance's Redis time, within a moment of their `at`.
    const samples = (await this.redis.xRange(this.keys.replayPositions, String(frame.at), String(to + 1000))) ?? [];
    for (const e of samples) {
      const at = Number(e.message.at);
      if (at < frame.at || at > to) continue;
      // `z`: gzip, base64 (`p`: plain JSON, as samples were first recorded).
      const json = e.message.z ? gunzipSync(Buffer.from(e.message.z, 'base64')).toString('utf8') : e.message.p!;
      positions.push({ at, p: JSON.parse(json) as ReplayRecording['positions'][number]['p'] });
    }
    return { from, to, frame, changes, positions };
  }

  private async frameAtOrBefore(from: number): Promise<Frame> {
    // Entry ids are when Redis stored the frame, a moment after its `at` (compression comes
    // between): look a minute past `from` and pick by `at`.
    const near = (await this.redis.xRevRange(this.keys.replayFrames, String(from + 60_000), '-', { COUNT: 3 })) ?? [];
    const entry = near.find((e) => Number(e.message.at) <= from);
    if (!entry) {
      const [first] = (await this.redis.xRange(this.keys.replayFrames, '-', '+', { COUNT: 1 })) ?? [];
      const begins = first ? Number(first.message.at) : null;
      const since = begins !== null ? `; the recording begins at ${new Date(begins).toISOString()}` : '; nothing is recorded yet';
      throw new DomainError('not_found', `no recording reaches back to ${new Date(from).toISOString()}${since}`, { recordingBegins: begins });
    }
    const body = JSON.parse(gunzipSync(Buffer.from(entry.message.z!, 'base64')).toString('utf8')) as Omit<Frame, 'at' | 'seq'>;
    return { at: Number(entry.message.at), seq: Number(entry.message.seq), ...body };
  }
}
