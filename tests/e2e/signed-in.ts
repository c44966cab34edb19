/** For the server-mode specs: a command called from a page as its signed-in user, and a page's look (axe, then a screenshot). */
import { expect, type Page } from '@playwright/test';
import { expectNoViolation } from './axe';

/** Calls `method` from the page with the session's CSRF token (read from /me); fails the test on a refusal. */
export async function call<T>(page: Page, method: string, input: object): Promise<T> {
  const answer = await page.evaluate(
    async ([method, input]) => {
      const me = (await (await fetch('/me')).json()) as { value: { csrf: string } };
      const response = await fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-csrf': me.value.csrf }, body: JSON.stringify(input) });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    [method, input] as const,
  );
  expect(answer.ok, `${method}: ${JSON.stringify(answer.error)}`).toBe(true);
  return answer.value as T;
}

/** No serious or critical axe violation, then a full-page screenshot in test-results/`name`.png to look at. */
export async function look(page: Page, name: string) {
  await expectNoViolation(page);
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
