import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isOpenCall } from '../../shared/call';
import type { CallSummary } from '../../shared/changes';
import type { ReplayRecording } from '../../shared/replay';
import type { UnitDoc } from '../../shared/unit';
import { DomainError } from '../domain/errors';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { bytesClient, replayStreams } from './recorded-stream';
import { EntityTrack, type RecordedEntity } from './replay-deltas';

const gunzipAsync = promisify(gunzip);

/** The most changes one replay carries: beyond it, ask for fewer hours. */
const MAX_CHANGES = 300_000;

type Frame = ReplayRecording['frame'];

/** Reads shift replay's recording (see ReplayRecorder). */
export class ReplayStore {
  private readonly streams: ReturnType<typeof replayStreams>;
  /** Keyframes are bytes (gzip): read as such. */
  private readonly binary: ReturnType<typeof bytesClient>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {
    this.streams = replayStreams(redis, keys);
    this.binary = bytesClient(redis);
  }

  /** From the last keyframe at or before `from` to `from + hours`. */
  async read(from: number, hours: number, now = Date.now()): Promise<ReplayRecording> {
    if (from >= now) throw new DomainError('bad_request', 'the replay would start in the future; pick a start in the past');
    // Recorded up to now at most: a replay never shows a moment that has not happened yet.
    const to = Math.min(from + Math.round(hours * 3_600_000), now);
    const frame = await this.frameAtOrBefore(from);
    const calls_ = new EntityTrack<CallSummary>(frame.calls, (c) => !isOpenCall(c));
    const units_ = new EntityTrack<UnitDoc>(frame.units);
    let count = 0;
    const recorded = await this.streams.changes.read(`${frame.seq}-0`, (e) => {
      if (++count > MAX_CHANGES) throw new DomainError('bad_request', `more than ${MAX_CHANGES} changes in that stretch; replay fewer hours`);
      return e.at > to;
    });
    const changes = recorded.map((e): ReplayRecording['changes'][number] => {
      const body = e.body as { calls: RecordedEntity[]; units: RecordedEntity[] };
      // Whole versions again, from the deltas (a delta with no known base is a gap in the recording: left out).
      const calls = body.calls.flatMap((r) => calls_.decode(r) ?? []);
      const units = body.units.flatMap((r) => units_.decode(r) ?? []);
      return { seq: Number(e.id.split('-')[0]), at: e.at, calls, units };
    });
    // Sample ids are the recording instance's Redis time, within a moment of their `at`.
    const samples = await this.streams.positions.read(String(frame.at - 60_000), (e) => e.at > to);
    const positions = samples.filter((e) => e.at >= frame.at).map((e) => ({ at: e.at, p: e.body as ReplayRecording['positions'][number]['p'] }));
    return { from, to, frame, changes, positions };
  }

  private async frameAtOrBefore(from: number): Promise<Frame> {
    // Entry ids are when Redis stored the frame, a moment after its `at` (compression comes
    // between): look a minute past `from` and pick by `at`.
    const found = ((await this.binary.xRevRange(this.keys.replayFrames, String(from + 60_000), '-', { COUNT: 3 })) ?? []) as { message: unknown }[];
    const near = found.map((e) => e.message as Record<string, Buffer>);
    const entry = near.find((fields) => Number(fields.at!.toString()) <= from);
    if (!entry) {
      const [first] = (await this.redis.xRange(this.keys.replayFrames, '-', '+', { COUNT: 1 })) ?? [];
      const begins = first ? Number(first.message.at) : null;
      const since = begins !== null ? `; the recording begins at ${new Date(begins).toISOString()}` : '; nothing is recorded yet';
      throw new DomainError('not_found', `no recording reaches back to ${new Date(from).toISOString()}${since}`, { recordingBegins: begins });
    }
    // `b`: gzip bytes; `z`: the same as base64 text, as keyframes were first stored. Off the event loop: a big city's is megabytes.
    const gz = entry.b ?? Buffer.from(entry.z!.toString(), 'base64');
    const body = JSON.parse((await gunzipAsync(gz)).toString('utf8')) as Omit<Frame, 'at' | 'seq'>;
    return { at: Number(entry.at!.toString()), seq: Number(entry.seq!.toString()), ...body };
  }
}
