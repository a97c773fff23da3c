import { afterAll, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { loadConfig } from '../../server/config';
import { startSimulator, type Simulator } from '../../server/sim/simulator';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';
import { until } from '../helpers/wait';

const city = useTestServer();
let sim: Simulator | null = null;
// Registered after the server's: stopped before it.
afterAll(async () => {
  await sim?.stop();
});

it('reads SIM_AUTODISPATCH: own by default, all, or off (0)', () => {
  expect(loadConfig({}).sim.autoDispatch).toBe('own');
  expect(loadConfig({ SIM_AUTODISPATCH: 'all' }).sim.autoDispatch).toBe('all');
  expect(loadConfig({ SIM_AUTODISPATCH: '0' }).sim.autoDispatch).toBe('off');
  expect(() => loadConfig({ SIM_AUTODISPATCH: 'some' })).toThrow(/SIM_AUTODISPATCH/);
});

it('leaves a call a person or an integration entered to people, while it dispatches its own', async () => {
  const feed = city.server.app.feed;
  // Entered through the API before any simulated call: the most urgent and the oldest waiting.
  const ours = (await api<Call>(city.server.url, 'POST', '/calls', { nature: 'SHOTS', priority: 1, location: { lat: 39.7392, lon: -104.9903 } })).body;
  sim = await startSimulator({
    commands: city.server.app.commands,
    feed,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    config: {
      enabled: true,
      autoDispatch: 'own',
      seed: 5,
      center: { lat: 39.7392, lon: -104.9903 },
      radiusKm: 11,
      callsPerHour: 900,
      speed: 360,
      fleetScale: 0.5,
    },
  });
  // Calls that arrive from now on (not the warm-up's, already being worked when it starts) are
  // dispatched by the simulated dispatcher, which by urgency and age would have taken ours first.
  const started = Date.now();
  const simDispatched = () => [...feed.projection.calls.values()].filter((c) => c.createdAt > started && c.assignedUnitIds.length > 0);
  await until('three simulated calls dispatched', () => simDispatched().length >= 3, 60_000);
  expect(feed.projection.calls.get(ours.id)).toMatchObject({ status: 'pending', assignedUnitIds: [] });
}, 90_000);
