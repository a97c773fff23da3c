// Temporary profiling helper (deleted before hand-off).
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { startCity } from './browser';
const log = (s: string) => process.stdout.write(`${s}\n`);
const city = await startCity(log);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
try {
  const path = process.env.PROF_PATH ?? '/board';
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await ctx.addCookies([{ name: city.cookie.name, value: city.cookie.value, url: city.server.url }]);
  const page = await ctx.newPage();
  page.on('console', (m) => log(`console: ${m.text()}`));
  await page.goto(city.server.url + (path === '/wall' ? `/wall?key=${encodeURIComponent(city.displayKey)}` : path));
  await page.locator('[data-testid="connection"][data-state="live"]').waitFor({ timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 6000));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, 6000));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: any };
  writeFileSync('/tmp/prof.cpuprofile', JSON.stringify(profile));
  // self time per function
  const self = new Map<string, number>();
  const dt = profile.timeDeltas as number[];
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  profile.samples.forEach((id: number, i: number) => {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => log(`${v.toFixed(0).padStart(6)} ms  ${k}`));
  const dbg = await page.evaluate(`(async () => {
    const lists = [...document.querySelectorAll('ul.rows')];
    const counts = lists.map(() => 0);
    const obs = lists.map((l, i) => { const o = new MutationObserver(() => counts[i]++); o.observe(l, { childList: true }); return o; });
    await new Promise((r) => setTimeout(r, 2000));
    obs.forEach((o) => o.disconnect());
    return lists.map((l, i) => ({ label: l.getAttribute('aria-label'), mutations: counts[i], ch: l.clientHeight, sh: l.scrollHeight, pt: l.style.paddingTop, pb: l.style.paddingBottom, li: l.children.length }));
  })()`);
  log(JSON.stringify(dbg, null, 1));
  const m = await page.evaluate(() => ({ nodes: document.getElementsByTagName('*').length, rows: document.querySelectorAll('[data-testid="call-row"]').length, co: document.querySelectorAll('[data-testid="coresponder-row"]').length }));
  log(JSON.stringify(m));
  await page.screenshot({ path: '/tmp/prof.png' });
} finally {
  await browser.close();
  await city.stop();
}
