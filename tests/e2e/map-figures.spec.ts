import type { Locator } from '@playwright/test';
import { test, expect, callApi } from './fixtures';

interface Figures {
  memberId: number;
  received: number;
  acceptedInTime: number;
  won: number;
  conversion: number;
}

/** A percentage as the French UI writes it (no decimals). */
const percent = (v: number) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(v);

/** Each figure read from its own cell, so 12 cannot pass for 2 nor a count for a rate. */
async function expectFigures(panel: Locator, f: Figures) {
  await expect(panel.getByTestId('figure-received').getByTestId('figure-value')).toHaveText(String(f.received));
  await expect(panel.getByTestId('figure-accepted').getByTestId('figure-value')).toHaveText(percent(f.acceptedInTime / f.received));
  await expect(panel.getByTestId('figure-accepted').getByTestId('figure-count')).toHaveText(String(f.acceptedInTime));
  await expect(panel.getByTestId('figure-won').getByTestId('figure-value')).toHaveText(percent(f.conversion));
  await expect(panel.getByTestId('figure-won').getByTestId('figure-count')).toHaveText(String(f.won));
}

test.describe('network map figures', () => {
  test('the selection panel shows what a member was sent, accepted in time and won', async ({ page, host, request }) => {
    const api = <T>(method: string, input: object) => callApi<T>(request, host.url, method, input);
    // The demo's history: the member sent the most leads over the last 90 days (the panel's default).
    const { members } = await api<{ members: Figures[] }>('kpi.network', { days: 90 });
    const top = [...members].sort((a, b) => b.received - a.received || a.memberId - b.memberId)[0]!;
    expect(top.received).toBeGreaterThan(10);
    expect(top.acceptedInTime).toBeGreaterThan(0);
    expect(top.acceptedInTime).toBeLessThanOrEqual(top.received);
    expect(top.won).toBeGreaterThan(0);
    const { members: names } = await api<{ members: { id: number; name: string }[] }>('kpi.filters', {});
    const name = names.find((m) => m.id === top.memberId)!.name;

    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    const search = page.getByTestId('place-search').locator('input[type=text]');
    await search.click();
    await search.pressSequentially(name.slice(0, 16), { delay: 20 });
    await page.getByRole('option').filter({ hasText: name }).first().click();
    await expect(page.getByTestId('selected-member')).toHaveText(name);
    const panel = page.getByTestId('member-figures');
    await expectFigures(panel, top);

    // The last 30 days: fewer leads, the figures the core gives for that window.
    const { members: recent } = await api<{ members: Figures[] }>('kpi.network', { days: 30 });
    const top30 = recent.find((m) => m.memberId === top.memberId)!;
    expect(top30.received).toBeLessThan(top.received);
    await page.getByTestId('figures-days').click();
    await page.getByRole('option', { name: /30/ }).click();
    await expect(page.getByTestId('figures-days')).toContainText('30');
    await expectFigures(panel, top30);
  });
});
