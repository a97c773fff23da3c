import { Router } from 'express';
import type { ClientConfig } from '../../../shared/client-config';
import type { LiveFeed } from '../../live/live-feed';

export function stateRoutes(feed: LiveFeed, clientConfig: ClientConfig): Router {
  const r = Router();

  // The same encoded bytes the sockets get: no per-request serialization of the whole city.
  r.get('/state', (_req, res) => {
    res.type('application/json').send(feed.projection.encodedSnapshot());
  });

  r.get('/config', (_req, res) => {
    res.json(clientConfig);
  });

  return r;
}
