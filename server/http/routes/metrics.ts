import { Router } from 'express';
import { UNIT_STATUSES } from '../../../shared/unit';
import { AUDIENCES, roomOf } from '../../live/audiences';
import type { Counters } from '../../counters';
import type { LiveFeed } from '../../live/live-feed';
import type { TandemServer } from '../../realtime/types';

/**
 * Prometheus text format: counts only (no ids, names or places). Behind an ingest key or an
 * admin session (see the app): how many units are free is not for anyone on the network.
 */
export function metricsRoutes(feed: LiveFeed, io: () => TandemServer | null, counters: Counters): Router {
  const r = Router();
  r.get('/metrics', (_req, res) => {
    const lines: string[] = [];
    const metric = (type: 'gauge' | 'counter') => (name: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const gauge = metric('gauge');
    const counter = metric('counter');
    const calls = [...feed.projection.calls.values()];
    const units = [...feed.projection.units.values()];
    gauge('tandem_sequence', 'Last change sequence number applied by this instance.', [['', feed.projection.seq]]);
    gauge('tandem_stream_following', '1 while the change stream is followed, 0 while Redis is unreachable.', [['', feed.healthy ? 1 : 0]]);
    gauge(
      'tandem_open_calls',
      'Open calls by priority.',
      [1, 2, 3, 4, 5].map((p) => [`{priority="${p}"}`, calls.filter((c) => c.priority === p).length]),
    );
    gauge('tandem_open_mh_calls', 'Open calls flagged mental-health related.', [['', calls.filter((c) => c.mh.flagged).length]]);
    gauge(
      'tandem_units',
      'Units by status.',
      UNIT_STATUSES.map((s) => [`{status="${s}"}`, units.filter((u) => u.status === s).length]),
    );
    const server = io();
    gauge(
      'tandem_socket_clients',
      'Connected screens by audience.',
      AUDIENCES.map((a) => [`{audience="${a}"}`, server?.sockets.adapter.rooms.get(roomOf(a))?.size ?? 0]),
    );
    gauge('tandem_heap_used_bytes', 'V8 heap in use.', [['', process.memoryUsage().heapUsed]]);
    counter('tandem_positions_total', 'Unit positions written through this instance (counted, not audited).', [['', counters.positionsAccepted]]);
    counter('tandem_positions_ignored_total', 'Positions skipped because no such unit exists.', [['', counters.positionsIgnored]]);
    counter('tandem_recommender_seconds_total', 'Event-loop seconds the recommender spent on this instance.', [['', counters.recommenderSeconds]]);
    counter('tandem_recommender_passes_total', 'Recommender passes run on this instance.', [['', counters.recommenderPasses]]);
    counter('tandem_replica_waits_total', 'WAITs sent so a replica confirms changes before they are acknowledged.', [['', counters.replicaWaits]]);
    counter('tandem_writes_unreplicated_total', 'Changes acknowledged on the Redis primary alone (no replica connected).', [['', counters.writesUnreplicated]]);
    res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
  return r;
}
