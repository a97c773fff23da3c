/**
 * The orchestrator's handle on the dashboard process (dashboards.ts): fork it, ask it things
 * over IPC, stop it by its PID. Every request has a timeout so a wedged child cannot hang a run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type FleetRequest =
  | { kind: 'prefix'; prefix: string }
  | { kind: 'connect'; url: string; cookie: string; count: number; parallel: number; timeoutMs: number }
  | { kind: 'storm'; url: string; cookie: string; timeoutMs: number }
  | { kind: 'reset' }
  | { kind: 'collect'; sent: [string, number][] }
  | { kind: 'close' };

export interface ResyncReply {
  kind: 'resync';
  count: number;
  resynced: number;
  /** From the start of connecting to the last snapshot, ms. */
  lastMs: number;
  snapshotBytes: number;
  errors: string[];
}
export interface DeliveryReply {
  kind: 'delivery';
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** (call, dashboard) pairs that never arrived. */
  lost: number;
  /** Batches whose `from` was not the previous `to`. */
  gaps: number;
  bytesPerDashboard: number;
  /** Dashboards whose socket the server closed. */
  dropped: number;
}
export type FleetReply = { kind: 'ok' } | { kind: 'error'; message: string } | ResyncReply | DeliveryReply;

export class Fleet {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: FleetReply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; reply: FleetReply }) => {
      this.waiting.get(m.id)?.(m.reply);
      this.waiting.delete(m.id);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w({ kind: 'error', message: `dashboard process exited (${code})` });
      this.waiting.clear();
    });
  }

  static start(): Fleet {
    const script = fileURLToPath(new URL('./dashboards.ts', import.meta.url));
    // Its own heap limit: 500 dashboards each holding a 1.5 MB snapshot for a moment add up.
    return new Fleet(fork(script, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=2048'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  ask(req: FleetRequest & { kind: 'connect' | 'storm' }, timeoutMs?: number): Promise<ResyncReply>;
  ask(req: FleetRequest & { kind: 'collect' }, timeoutMs?: number): Promise<DeliveryReply>;
  ask(req: FleetRequest, timeoutMs?: number): Promise<FleetReply>;
  async ask(req: FleetRequest, timeoutMs = 120_000): Promise<FleetReply> {
    const id = this.nextId++;
    const reply = await new Promise<FleetReply>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'error', message: `dashboard process did not answer '${req.kind}' in ${timeoutMs} ms` }), timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.send({ id, req });
    });
    if (reply.kind === 'error') throw new Error(reply.message);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
}
