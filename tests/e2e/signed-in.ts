/** For the server-mode specs: signing in, a command called from a page as its signed-in user, and a page's look (axe, then a screenshot). */
import { expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
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

/** Signs `page` in at `origin`. The e-mail field takes the focus once the screen has mounted: typing before that sent the password into it (seen in CI). */
export async function signIn(page: Page, origin: string, email: string, password: string) {
  await page.goto(origin);
  await expect(page.getByTestId('sign-in-email').locator('input')).toBeFocused();
  await page.getByTestId('sign-in-email').locator('input').fill(email);
  await page.getByTestId('sign-in-password').locator('input').fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account-menu')).toBeVisible();
}

/** An installer in Tours for the extranet specs, created by the signed-in head office. */
export function createTestMember(page: Page, name: string, email: string): Promise<{ id: number }> {
  return call(page, 'members.create', { name, kind: 'installer', email, postalCode: '37000', city: 'Tours', lat: 47.39, lon: 0.69, capacityPerWeek: 12, priorityCoefficient: 1, radiusKm: 40 });
}

/** The authenticator app's code for `secret` (as shown at set-up), `offset` 30-second steps from now. */
export const totpCode = (secret: string, offset = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + offset * 30_000 });

/** A member administrator's required two-step set-up, shown at their first sign-in: done, and the extranet opens. */
export async function setUpSecondFactor(page: Page) {
  await expect(page.getByTestId('second-factor-setup')).toBeVisible();
  await page.getByTestId('second-factor-start').click();
  const secret = (await page.getByTestId('second-factor-secret').innerText()).trim();
  await page.getByTestId('second-factor-code').locator('input').fill(totpCode(secret));
  await page.getByTestId('second-factor-confirm').click();
  await expect(page.getByTestId('extranet-menu')).toBeVisible();
}
