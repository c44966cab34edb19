import { test, expect, callApi } from './fixtures';

interface Figures {
  memberId: number;
  received: number;
  acceptedInTime: number;
  won: number;
}

test.describe('network map figures', () => {
  test('the selection panel shows what a member was sent, accepted in time and won', async ({ page, host, request }) => {
    const api = <T>(method: string, input: object) => callApi<T>(request, host.url, method, input);
    const { items } = await api<{ items: { id: number }[] }>('leads.list', { status: ['qualified'], limit: 200 });
    await api('routing.dispatchMany', { leadIds: items.map((l) => l.id) });
    const { items: dispatched } = await api<{ items: { id: number }[] }>('leads.list', { status: ['dispatched'], limit: 500 });
    for (const lead of dispatched) await api('workflow.record', { leadId: lead.id, step: 'accepted' });
    const { members } = await api<{ members: Figures[] }>('kpi.network', {});
    const top = members.sort((a, b) => b.received - a.received)[0]!;
    expect(top.acceptedInTime).toBe(top.received);
    const { members: names } = await api<{ members: { id: number; name: string }[] }>('kpi.filters', {});
    const name = names.find((m) => m.id === top.memberId)!.name;

    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    const search = page.getByTestId('place-search').locator('input[type=text]');
    await search.click();
    await search.pressSequentially(name.slice(0, 16), { delay: 20 });
    await page.getByRole('option').filter({ hasText: name }).first().click();
    const panel = page.getByTestId('member-figures');
    await expect(panel).toContainText(String(top.received));
    await expect(panel).toContainText(/100\s%/);

    await page.getByTestId('figures-days').click();
    await page.getByRole('option', { name: /30/ }).click();
    await expect(panel).toContainText(String(top.received));
  });
});
