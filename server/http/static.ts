import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { Router } from 'express';

/** Serves the built board, with every non-API path answered by index.html (client-side routes). */
export function staticClient(distDir: string): Router {
  const r = Router();
  const dir = resolve(distDir);
  const index = resolve(dir, 'index.html');
  r.use(express.static(dir, { index: false, maxAge: '1h' }));
  r.get(/^\/(?!api\/|socket\.io\/|geo\/).*/, (_req, res) => {
    if (existsSync(index)) res.sendFile(index, { maxAge: 0 });
    else res.status(503).type('text/plain').send('The board has not been built yet: run `npm run build` (npm start does it for you).');
  });
  return r;
}
