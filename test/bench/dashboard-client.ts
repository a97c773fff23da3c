/**
 * One dashboard as a raw WebSocket speaking just enough Engine.IO v4 / Socket.IO v5 to be a
 * board: answer pings, receive 'state:snapshot' (with binary attachments) and 'state:changes'.
 * socket.io-client would do the same with far more work per message; hundreds of these share
 * one process, so each message must cost little. Many dashboards receive the very same frame
 * text (Socket.IO encodes a broadcast once), so a frame is parsed once and its summary reused.
 */
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { nowMs } from './bench-kit';

/** What a dashboard needs from one event frame; shared by every dashboard that got the same text. */
interface FrameSummary {
  event: string;
  /** Binary attachments that follow this frame ('45N-'). */
  attachments: number;
  from?: number;
  to?: number;
  /** Snapshot sequence from a meta argument ({seq, encoding}), when the server sends one. */
  seq?: number;
  /** `location.address` of every 'call' change carrying the run's prefix. */
  addresses: string[];
}

const summaries = new Map<string, FrameSummary>();
const SUMMARY_CACHE = 256;

/** Parses a Socket.IO packet (the text after Engine.IO's '4') into a summary, cached by text. */
function summarize(packet: string, addressPrefix: string): FrameSummary | null {
  const cached = summaries.get(packet);
  if (cached) return cached;
  const type = packet[0];
  if (type !== '2' && type !== '5') return null;
  let i = 1;
  let attachments = 0;
  if (type === '5') {
    const dash = packet.indexOf('-', i);
    attachments = Number(packet.slice(i, dash));
    i = dash + 1;
  }
  if (packet[i] === '/') i = packet.indexOf(',', i) + 1; // namespace
  while (packet[i]! >= '0' && packet[i]! <= '9') i++; // ack id
  const [event, ...args] = JSON.parse(packet.slice(i)) as [string, ...unknown[]];
  const summary: FrameSummary = { event, attachments, addresses: [] };
  if (event === 'state:changes') {
    const batch = args[0] as { from: number; to: number; changes: { kind: string; call?: { location?: { address?: string } } }[] };
    summary.from = batch.from;
    summary.to = batch.to;
    for (const c of batch.changes) {
      // A call new to the board: whole ('call', the bare server) or without its defaults (Tandem's 'callNew').
      const address = c.kind === 'call' || c.kind === 'callNew' ? c.call?.location?.address : undefined;
      if (address?.startsWith(addressPrefix)) summary.addresses.push(address);
    }
  } else if (event === 'state:snapshot') {
    const meta = args.find((a): a is { seq: number } => typeof a === 'object' && a !== null && typeof (a as { seq?: unknown }).seq === 'number');
    if (meta) summary.seq = meta.seq;
  }
  if (summaries.size >= SUMMARY_CACHE) summaries.delete(summaries.keys().next().value!);
  summaries.set(packet, summary);
  return summary;
}

/** The sequence number a snapshot's JSON bytes (maybe gzip) carry: read from the front when possible. */
function snapshotSeq(bytes: Buffer): number {
  const json = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const head = /"seq":(\d+)/.exec(json.subarray(0, 64).toString('latin1'));
  if (head) return Number(head[1]);
  return (JSON.parse(json.toString('utf8')) as { seq: number }).seq;
}

export interface DashboardOptions {
  url: string;
  cookie: string;
  origin: string;
  addressPrefix: string;
  resumeFrom?: number;
  /** A call with the run's prefix arrived (time on the shared clock). */
  onCall(address: string, at: number): void;
}

export class Dashboard {
  bytes = 0;
  gaps = 0;
  /** Sequence reached: from the snapshot, then each batch's `to`. */
  lastTo: number | null = null;
  /** When the snapshot (or, resuming, the catch-up) arrived; null until then. */
  resyncedAt: number | null = null;
  snapshotBytes = 0;
  error: string | null = null;
  /** Why the socket ended when we did not end it (after a resync too). */
  dropped: string | null = null;
  readonly startedAt = nowMs();
  private ws: WebSocket;
  private pending: { summary: FrameSummary; parts: Buffer[] } | null = null;
  private readonly resyncWaiters: (() => void)[] = [];

  constructor(private readonly opts: DashboardOptions) {
    const u = new URL(opts.url);
    this.ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, {
      headers: { cookie: opts.cookie, origin: opts.origin },
      perMessageDeflate: false,
    });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    this.ws.on('error', (err) => this.fail(err.message));
    this.ws.on('close', () => this.fail('closed'));
  }

  /** Resolves once resynced, or after `timeoutMs` (check `resyncedAt`). */
  resynced(timeoutMs: number): Promise<void> {
    if (this.resyncedAt !== null || this.error !== null) return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(done, timeoutMs);
      this.resyncWaiters.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }

  close(): void {
    this.ws.removeAllListeners('close');
    this.ws.on('error', () => undefined);
    this.ws.terminate();
  }

  private fail(reason: string): void {
    this.dropped ??= reason;
    if (this.error === null && this.resyncedAt === null) this.error = reason;
    this.wake();
  }

  private wake(): void {
    for (const w of this.resyncWaiters.splice(0)) w();
  }

  private markResynced(): void {
    if (this.resyncedAt !== null) return;
    this.resyncedAt = nowMs();
    this.wake();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const at = nowMs(); // before any parsing: delivery time is when the frame arrived
    this.bytes += data.length;
    if (isBinary) return this.onAttachment(data);
    const text = data.toString('utf8');
    switch (text[0]) {
      case '0': // Engine.IO open: join the default namespace (with where we were, to resume)
        this.ws.send(this.opts.resumeFrom === undefined ? '40' : `40${JSON.stringify({ resumeFrom: this.opts.resumeFrom })}`);
        return;
      case '2': // Engine.IO ping
        this.ws.send('3');
        return;
      case '4':
        if (text[1] === '4') this.fail(`refused: ${text.slice(2)}`);
        if (text[1] === '2' || text[1] === '5') this.onEvent(text.slice(1), at);
        return;
      default:
        return;
    }
  }

  private onEvent(packet: string, at: number): void {
    const s = summarize(packet, this.opts.addressPrefix);
    if (!s) return;
    if (s.attachments > 0) {
      this.pending = { summary: s, parts: [] };
      return;
    }
    if (s.event !== 'state:changes') return;
    if (this.lastTo !== null && s.from !== this.lastTo) this.gaps++;
    this.lastTo = s.to!;
    for (const a of s.addresses) this.opts.onCall(a, at);
    if (this.opts.resumeFrom !== undefined) this.markResynced(); // the catch-up batch
  }

  private onAttachment(data: Buffer): void {
    const p = this.pending;
    if (!p) return;
    p.parts.push(data);
    if (p.parts.length < p.summary.attachments) return;
    this.pending = null;
    if (p.summary.event !== 'state:snapshot') return;
    const bytes = p.parts.at(-1)!; // the snapshot bytes are the (last) attachment
    this.snapshotBytes = p.parts.reduce((sum, b) => sum + b.length, 0);
    this.lastTo = p.summary.seq ?? snapshotSeq(bytes);
    this.markResynced();
  }
}
