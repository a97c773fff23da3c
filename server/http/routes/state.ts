import { gunzipSync } from 'node:zlib';
import { Router } from 'express';
import type { ClientConfig } from '../../../shared/client-config';
import { audienceOf } from '../../live/audiences';
import type { LiveFeed } from '../../live/live-feed';
import { openApiDocument } from '../openapi';
import { principalOf, requireRole } from '../request-auth';

export function stateRoutes(feed: LiveFeed, clientConfig: ClientConfig): Router {
  const r = Router();

  // The same compressed bytes the sockets get (no per-request serialization of the whole city),
  // inflated here only for the rare client that cannot take gzip.
  r.get('/state', requireRole('ingest', 'wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'), (req, res) => {
    // Integrations get whole calls (they map them by their own externalId); screens, summaries.
    const role = principalOf(res)!.role;
    const { data } = role === 'ingest' ? feed.snapshots.exactWhole() : feed.snapshots.exact(audienceOf(role));
    res.type('application/json').vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(data);
    else res.send(gunzipSync(data));
  });

  r.get('/config', (_req, res) => {
    res.json(clientConfig);
  });

  // Built once: it only changes with the code.
  const openapi = JSON.stringify(openApiDocument());
  r.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });

  return r;
}
