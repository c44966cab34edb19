/** The accessibility check every spec uses: axe-core's WCAG 2.0/2.1 A and AA rules, no serious or critical violation. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { transitionsEnded } from './settle';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Fails with one readable line per serious or critical violation: rule, impact, element, why. */
export async function expectNoViolation(page: Page) {
  // axe-core checks every element of the view: 10-20 s for the 200-lead queue on the loaded CI machine.
  test.slow();
  // Let transitions end: axe reads the colours mid-fade otherwise and reports false contrasts.
  await transitionsEnded(page);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`));
  expect(found, `axe violations:\n${found.join('\n')}`).toEqual([]);
}
