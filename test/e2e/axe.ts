import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * WCAG 2 A and AA violations of what is on screen, one line each ("rule: help (where)"). The
 * map's own panes are Leaflet's, not ours, and are left out. `seriousOnly` keeps the serious
 * and critical ones.
 *
 * Motion is reduced while axe reads the page: the wall's pulsing markers repaint a full-HD
 * screen many times a second, which on a loaded CI machine slowed one scan to twenty seconds,
 * and no rule checked here depends on an animation.
 */
export async function axeViolations(page: Page, opts: { seriousOnly?: boolean } = {}): Promise<string[]> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.leaflet-pane').analyze();
    return result.violations
      .filter((v) => !opts.seriousOnly || v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  } finally {
    await page.emulateMedia({ reducedMotion: null });
  }
}
