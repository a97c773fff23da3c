import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/chromium';

/**
 * Browser tests drive Debian's Chromium (Playwright cannot download browsers here). The global
 * setup starts a redis-server and the real server per worker; nothing else is touched.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  // One worker: on two cores Chromium's painting alone keeps both busy (measured: 0 % idle with
  // two workers, and the run only 8 % shorter), so a second worker buys little and makes every
  // wait tighter. The global setup gives each worker a server of its own, so more workers
  // (`--workers=N`) stay isolated on a bigger machine.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A safety net, not a speed goal: a loaded CI machine has taken 20 s for one axe scan of a
  // full-HD screen. Speed is measured by test/bench, never asserted here.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // The wall's six-minute soak is its own command (`npm run soak`), so `npm test` stays minutes long.
  projects: [
    { name: 'e2e', testIgnore: '**/*soak.spec.ts' },
    { name: 'soak', testMatch: '**/*soak.spec.ts' },
  ],
  use: {
    browserName: 'chromium',
    // Written by the global setup: the cookie of a signed-in supervisor.
    storageState: 'test-results/e2e-auth/supervisor.json',
    headless: true,
    viewport: { width: 1440, height: 900 },
    // MH markers pulse for ever; in a headless browser on two cores every frame of that is
    // painted in software, for nothing a test looks at. The pulse has its own test (wall-screen).
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
