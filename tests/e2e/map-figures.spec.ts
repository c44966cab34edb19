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
    const { items } = await api<{ items: { id: number }[] }>('leads.list', { status: ['qualified'], limit: 200 });
    await api('routing.dispatchMany', { leadIds: items.map((l) => l.id) });
    const { items: dispatched } = await api<{ items: { id: number; ownerMemberId: number | null }[] }>('leads.list', { status: ['dispatched'], limit: 500 });
    for (const lead of dispatched) await api('workflow.record', { leadId: lead.id, step: 'accepted' });
    const received = new Map<number, number>();
    for (const lead of dispatched) if (lead.ownerMemberId !== null) received.set(lead.ownerMemberId, (received.get(lead.ownerMemberId) ?? 0) + 1);
    const [topId] = [...received].sort((a, b) => b[1] - a[1])[0]!;
    // The member wins two of its leads: the won figure has something to show.
    const wins = dispatched.filter((l) => l.ownerMemberId === topId).slice(0, 2);
    expect(wins).toHaveLength(2);
    for (const lead of wins) {
      await api('workflow.record', { leadId: lead.id, step: 'contacted' });
      await api('workflow.record', { leadId: lead.id, step: 'won', amountCents: 500_000 });
    }
    const { members } = await api<{ members: Figures[] }>('kpi.network', {});
    const top = members.find((m) => m.memberId === topId)!;
    expect(top).toMatchObject({ received: received.get(topId), acceptedInTime: received.get(topId), won: 2 });
    const { members: names } = await api<{ members: { id: number; name: string }[] }>('kpi.filters', {});
    const name = names.find((m) => m.id === topId)!.name;

    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    const search = page.getByTestId('place-search').locator('input[type=text]');
    await search.click();
    await search.pressSequentially(name.slice(0, 16), { delay: 20 });
    await page.getByRole('option').filter({ hasText: name }).first().click();
    await expect(page.getByTestId('selected-member')).toHaveText(name);
    const panel = page.getByTestId('member-figures');
    await expectFigures(panel, top);

    // Everything happened today: the last 30 days give the same figures.
    await page.getByTestId('figures-days').click();
    await page.getByRole('option', { name: /30/ }).click();
    await expect(page.getByTestId('figures-days')).toContainText('30');
    await expectFigures(panel, top);
  });
});
