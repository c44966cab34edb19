import { test, expect, callApi } from './fixtures';

/** Three leads older than any demo lead, so they head the "oldest first" queue. */
const LEADS = [
  { firstName: 'Aline', lastName: 'Premierfile', phone: '06 10 00 00 01', postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur', comment: 'Maison de 120 m², chauffage fioul' },
  { firstName: 'Bruno', lastName: 'Secondfile', phone: '06 10 00 00 02', postalCode: '45000', city: 'Orléans', product: 'Chaudière', comment: '' },
  { firstName: 'Carla', lastName: 'Troisfile', phone: '06 10 00 00 03', postalCode: '72000', city: 'Le Mans', product: 'Isolation', comment: '' },
];

test.describe('queue', () => {
  test('qualifies three leads with the keyboard only and dispatches one with D', async ({ page, host, request }) => {
    const day = Date.UTC(2020, 0, 6, 9);
    for (const [i, lead] of LEADS.entries()) await callApi(request, host.url, 'leads.create', { ...lead, source: 'Salon', receivedAt: day + i * 60_000 });

    await page.goto(host.url);
    await page.getByTestId('nav-queue').click();
    const name = page.getByTestId('queue-lead').getByTestId('lead-name');
    await expect(name).toContainText('Aline Premierfile');
    // Received in 2020: its qualification clock ran out long ago, and the header counts it.
    const clock = page.getByTestId('queue-list').getByTestId('sla-clock').first();
    await expect(clock).toHaveAttribute('data-state', 'late');
    await expect(clock).toContainText('en retard depuis');
    await expect(page.getByTestId('queue-late')).toBeVisible();
    await expect(page.getByTestId('qualify-first')).toBeVisible();
    // J and K move through the queue.
    await page.keyboard.press('j');
    await expect(name).toContainText('Bruno Secondfile');
    await page.keyboard.press('k');
    await expect(name).toContainText('Aline Premierfile');

    // 1. Hot, then the suggestion says who and why, and D dispatches it.
    await page.keyboard.press('h');
    await expect(page.getByTestId('lead-temperature')).toContainText('chaud');
    const suggested = page.getByTestId('suggested-member');
    await expect(suggested).toBeVisible();
    await expect(suggested.getByTestId('candidate-why')).toContainText('coefficient');
    await expect(suggested.getByTestId('candidate-why')).toContainText('km');
    await expect(suggested.getByTestId('candidate-why')).toContainText('cette semaine');
    const member = (await suggested.getByTestId('candidate-name').textContent())!.trim();
    await page.keyboard.press('d');
    await expect(page.getByTestId('toast')).toContainText(`Aline Premierfile envoyé à ${member}`);
    await expect(name).toContainText('Bruno Secondfile');
    await expect(page.getByTestId('queue-progress')).toHaveText('Traités aujourd’hui : 1');

    // 2. Warm, then skip to the next one: it waits for dispatch in the Leads view.
    await page.keyboard.press('w');
    await expect(page.getByTestId('lead-temperature')).toContainText('tiède');
    await page.keyboard.press('s');
    await expect(name).toContainText('Carla Troisfile');

    // 3. BANT form, answered from the keyboard, saved with Enter.
    await page.keyboard.press('b');
    const form = page.getByTestId('bant-form');
    await expect(form.getByTestId('field-budget').locator('input')).toBeFocused();
    await page.keyboard.type('15000');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await expect(form).toBeHidden();
    await expect(page.getByTestId('lead-temperature')).toBeVisible();
    await expect(page.getByTestId('score-breakdown')).toContainText('Budget');

    // The lead page keeps the dispatch with its candidates.
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('lead-search').locator('input').fill('premierfile');
    await expect(page.getByTestId('lead-count')).toHaveText('1 lead');
    await page.getByTestId('leads-table').getByText('Aline Premierfile').click();
    await expect(page.getByTestId('lead-owner')).toContainText(member);
    await expect(page.getByTestId('routing-history')).toContainText('Suggestion acceptée');
  });
});
