/**
 * The baseline: a bare Express + Socket.IO server doing the least a dispatch board needs, run
 * as its own process (`node --import tsx test/bench/bare-server.ts`, PORT and BENCH_KEY in the
 * environment). Tandem's figures are reported as ratios to this one, measured in the same run
 * under the same load, so the machine's noise mostly cancels out.
 *
 * It speaks Tandem's wire shapes (ChangeBatch {from, to, changes, positions}: calls as they
 * were posted plus id, number, status and MH flag; positions as [unitId, lat, lon, heading, at]
 * tuples; a JSON snapshot as a binary attachment) so that bytes per dashboard compare fairly:
 * the same information, encoded the same way.
 * No Redis, no validation beyond parsing, no audit, no recommender: that is the point.
 */
import { createServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';

interface BareCall {
  id: string;
  number: string;
  status: 'pending';
  createdAt: number;
  priority: number;
  nature: string;
  location: { lat: number; lon: number; address?: string };
  mh: { flagged: boolean };
}
interface BarePosition {
  lat: number;
  lon: number;
  heading: number | null;
  at: number;
}

const KEY = process.env.BENCH_KEY ?? '';
const PORT = Number(process.env.PORT ?? 0);
const MH_NATURES = new Set(['EDP', 'WELFARE', 'MNTL']);

const calls = new Map<string, BareCall>();
const units = new Map<string, Record<string, unknown>>();
const positions = new Map<string, BarePosition>();
let pendingPositions = new Map<string, BarePosition>();
let seq = 0;

const app = express();
app.use(express.json({ limit: '1mb' }));
// A bearer key compared as a string: the least an ingest endpoint must do.
app.use((req, res, next) => {
  if (req.get('authorization') !== `Bearer ${KEY}`) res.status(401).end();
  else next();
});

const httpServer = createServer(app);
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16 * 1024 });

/** One batch per broadcast; from/to chain so a dashboard can see a lost frame. */
function broadcast(changes: unknown[], positions?: unknown[]): void {
  const from = seq;
  seq += 1;
  io.emit('state:changes', positions ? { from, to: seq, changes, positions } : { from, to: seq, changes });
}

app.post('/calls', (req, res) => {
  const body = req.body as { nature: string; priority: number; location: BareCall['location'] };
  const n = calls.size + 1;
  const call: BareCall = {
    id: `c${n}`,
    number: `2026-${String(n).padStart(6, '0')}`,
    status: 'pending',
    createdAt: Date.now(),
    priority: body.priority,
    nature: body.nature,
    location: body.location,
    mh: { flagged: MH_NATURES.has(body.nature) },
  };
  calls.set(call.id, call);
  broadcast([{ kind: 'call', call }]); // at once: a new call must not wait
  res.status(201).json({ id: call.id });
});

app.post('/units/positions', (req, res) => {
  const body = req.body as { positions: { unitId: string; lat: number; lon: number; heading?: number; at?: number }[] };
  for (const p of body.positions) {
    const pos = { lat: p.lat, lon: p.lon, heading: p.heading ?? null, at: p.at ?? Date.now() };
    positions.set(p.unitId, pos);
    pendingPositions.set(p.unitId, pos); // merged by unit: only the latest per 100 ms goes out
  }
  res.status(204).end();
});

app.put('/units/:id', (req, res) => {
  const body = req.body as { position?: { lat: number; lon: number } };
  units.set(req.params.id, { id: req.params.id, ...(req.body as object) });
  if (body.position) positions.set(req.params.id, { ...body.position, heading: null, at: Date.now() });
  res.status(200).json({ id: req.params.id });
});

setInterval(() => {
  if (pendingPositions.size === 0) return;
  const batch = pendingPositions;
  pendingPositions = new Map();
  broadcast(
    [],
    [...batch].map(([unitId, p]) => [unitId, p.lat, p.lon, p.heading, p.at]),
  );
}, 100);

io.on('connection', (socket) => {
  // The snapshot as JSON bytes in a binary attachment, like Tandem's, encoded per connection.
  const snapshot = {
    seq,
    calls: [...calls.values()],
    units: [...units.values()].map((u) => ({ ...u, position: positions.get(u.id as string) ?? null })),
  };
  socket.emit('state:snapshot', Buffer.from(JSON.stringify(snapshot)));
});

httpServer.listen(PORT, '127.0.0.1', () => {
  const addr = httpServer.address();
  process.stdout.write(`bare server live on ${typeof addr === 'object' && addr ? addr.port : PORT}\n`);
});
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
