import { afterAll, expect, it } from 'vitest';
import { isCoResponseType } from '../../shared/unit';
import { startSimulator, type Simulator } from '../../server/sim/simulator';
import { useTestServer } from '../helpers/use-server';
import { until } from '../helpers/wait';

const city = useTestServer();
let sim: Simulator | null = null;
// Registered after the server's: stopped before it.
afterAll(async () => {
  await sim?.stop();
});

it('has simulated teams on scene check in before their check-in is due, so the demo does not flood the screens with MISSED', async () => {
  const feed = city.server.app.feed;
  sim = await startSimulator({
    commands: city.server.app.commands,
    feed,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    config: {
      enabled: true,
      autoDispatch: 'own',
      seed: 7,
      center: { lat: 39.7392, lon: -104.9903 },
      radiusKm: 11,
      callsPerHour: 600,
      speed: 360,
      fleetScale: 0.5,
    },
    // Due every 2 s of real time: a team on scene checks in at 60 % of that.
    checkInMinutes: 2 / 60,
  });
  // Arriving counts as a check-in (lastCheckInAt = statusSince); one after that is the team's own.
  const checkedIn = () =>
    [...feed.projection.units.values()].filter(
      (u) => isCoResponseType(u.type) && u.status === 'onscene' && u.lastCheckInAt !== null && u.lastCheckInAt > u.statusSince,
    );
  await until('a simulated team on scene that checked in', () => checkedIn().length > 0, 60_000);
  const team = checkedIn()[0]!;
  const call = feed.projection.calls.get(team.currentCallId!);
  expect(call?.timeline.some((t) => t.kind === 'check_in')).toBe(true);
}, 90_000);
