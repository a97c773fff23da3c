import { Router } from 'express';
import type { ClientConfig } from '../../../shared/client-config';
import { audienceOf } from '../../live/audiences';
import type { LiveFeed } from '../../live/live-feed';
import { openApiDocument } from '../openapi';
import { principalOf, requireRole } from '../request-auth';

export function stateRoutes(feed: LiveFeed, clientConfig: ClientConfig): Router {
  const r = Router();

  // The same encoded bytes the sockets get: no per-request serialization of the whole city.
  r.get('/state', requireRole('ingest', 'wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'), (_req, res) => {
    res.type('application/json').send(feed.projection.encodedSnapshot(audienceOf(principalOf(res)!.role)));
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
