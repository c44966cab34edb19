import { test as base, expect } from '@playwright/test';
import { callApi, startHost } from './fixtures';
import { leadPage, qualifiedLead } from './seed';
import { startTestSmtpServer, type TestSmtpServer } from '../../core/mail/test-server';

interface Ctx {
  url: string;
  smtp: TestSmtpServer;
}

// A host whose scheduler runs every half second, and a real SMTP server on loopback.
const test = base.extend<{ ctx: Ctx }>({
  ctx: async ({}, use) => {
    const smtp = await startTestSmtpServer();
    const host = await startHost([], { AIGUILLAGE_JOBS_INTERVAL_MS: '500' });
    await use({ url: host.url, smtp });
    host.process.kill('SIGTERM');
    await smtp.close();
  },
});

test('qualify, see why, dispatch, the e-mail arrives, the member declines, the lead goes to the next member', async ({ page, ctx, request }) => {
  // SMTP configured through the Settings view.
  await page.goto(ctx.url);
  await page.getByTestId('nav-settings').click();
  const smtp = page.getByTestId('smtp-settings');
  await smtp.getByTestId('smtp-enabled').locator('input').check();
  await smtp.getByTestId('smtp-host').locator('input').fill('127.0.0.1');
  await smtp.getByTestId('smtp-port').locator('input').fill(String(ctx.smtp.port));
  await smtp.getByTestId('smtp-from').locator('input').fill('leads@tete-de-reseau.example');
  await smtp.getByTestId('smtp-security').click();
  await page.getByRole('option', { name: /Aucune/ }).click();
  await smtp.getByTestId('smtp-save').click();
  await expect(page.getByText('Paramètres enregistrés')).toBeVisible();

  // Paris: four members of the demo can take it, so a decline has someone to go to (Tours has one).
  await callApi(request, ctx.url, 'leads.create', {
    firstName: 'Denise',
    lastName: 'Routage',
    phone: '06 44 00 00 01',
    postalCode: '75011',
    city: 'Paris',
    product: 'Pompe à chaleur',
    source: 'Site web',
    receivedAt: Date.UTC(2020, 0, 6, 9),
  });

  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-lead').getByTestId('lead-name')).toContainText('Denise Routage');
  await page.keyboard.press('h');
  const suggested = page.getByTestId('suggested-member');
  await expect(suggested.getByTestId('candidate-why')).toContainText('km');
  const first = (await suggested.getByTestId('candidate-name').textContent())!.trim();
  await page.keyboard.press('d');
  await expect(page.getByTestId('toast')).toContainText(`Denise Routage envoyé à ${first}`);

  // The scheduler sends the outbox to the SMTP server: a background tick, slower than a screen, hence its own wait.
  const members = await callApi<{ name: string; email: string }[]>(request, ctx.url, 'members.list', {});
  const firstEmail = members.find((m) => m.name === first)!.email;
  await expect.poll(() => ctx.smtp.received.find((m) => m.to.includes(firstEmail))?.data ?? '', { timeout: 20_000 }).toContain('X-Aiguillage-Reference: AIG-');

  // The member declines on the lead page: the lead goes to someone else.
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('lead-search').locator('input').fill('routage');
  await expect(page.getByTestId('lead-count')).toHaveText('1 lead');
  await page.getByTestId('leads-table').getByText('Denise Routage').click();
  await expect(page.getByTestId('lead-owner')).toContainText(first);
  // Its dispatch shows the member's acceptance deadline (common/sla.ts), just started.
  const clock = page.getByTestId('routing-history').getByTestId('accept-clock');
  await expect(clock).toHaveAttribute('data-state', 'ok');
  await expect(clock).toContainText('à accepter avant');
  await page.getByTestId('step-declined').click();
  await page.getByTestId('step-reason').locator('input').fill('Carnet de commandes plein');
  await page.getByTestId('workflow-actions').screenshot({ path: 'test-results/routing-workflow-decline.png' });
  await page.getByTestId('step-confirm').click();
  // Re-routed at once: another member holds it, not nobody.
  await expect(page.getByTestId('lead-owner')).not.toContainText(first);
  await expect(page.getByTestId('lead-owner')).toContainText('Détenteur actuel');
  await expect(page.getByTestId('routing-history')).toContainText(first);
  // One open dispatch, one clock: the declined one has none.
  await expect(page.getByTestId('routing-history').getByTestId('accept-clock')).toHaveCount(1);
});

test('pull mode: the lead is offered to a pool, the head office records who takes it', async ({ page, ctx, request }) => {
  // Paris: several members can take it, so the pool has a choice.
  const id = await qualifiedLead(request, ctx.url, { firstName: 'Paul', lastName: 'Pool', phone: '06 44 00 00 02', postalCode: '75011', city: 'Paris' }, 'warm');

  // Pull mode chosen in Settings.
  await page.goto(ctx.url);
  await page.getByTestId('nav-settings').click();
  const routing = page.getByTestId('routing-settings');
  await routing.getByRole('radio', { name: 'Pull : publier au pot commun' }).check();
  await routing.getByTestId('routing-save').click();
  await expect(page.getByText(/Réglages d’aiguillage enregistrés \(version \d+\)/)).toBeVisible();

  // Offered to the pool from the lead page's dispatch card.
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('lead-search').locator('input').fill('Pool');
  await expect(page.getByTestId('lead-count')).toHaveText('1 lead');
  await page.getByTestId('leads-table').getByText('Paul Pool').click();
  await page.getByTestId('dispatch-card').getByTestId('dispatch-suggestion').click();
  const claim = page.getByTestId('pool-claim');
  await expect(claim).toBeVisible();
  const [offer] = await callApi<{ outcome: string; offeredTo: number[] }[]>(request, ctx.url, 'routing.history', { leadId: id });
  expect(offer!.outcome).toBe('pool');
  const offered = offer!.offeredTo;
  expect(offered.length).toBeGreaterThan(1);
  await expect(page.getByTestId('toast')).toContainText(`Mode pot commun : publié pour ${offered.length} membres.`);
  await expect(claim.getByRole('button')).toHaveCount(offered.length);

  // The head office records that the second member offered took it.
  const taker = offered[1]!;
  await claim.getByTestId(`claim-${taker}`).click();
  await expect(claim).toBeHidden();
  const members = await callApi<{ id: number; name: string }[]>(request, ctx.url, 'members.list', {});
  await expect(page.getByTestId('lead-owner')).toContainText(members.find((m) => m.id === taker)!.name);
  const { lead } = await callApi<{ lead: { ownerMemberId: number | null } }>(request, ctx.url, 'leads.get', { id });
  expect(lead.ownerMemberId).toBe(taker);
});

test('dispatches from the lead page with the suggestion, and many qualified leads at once from the list', async ({ page, ctx, request }) => {
  const id = await qualifiedLead(request, ctx.url, { firstName: 'Lucie', lastName: 'Pagelead', phone: '06 44 00 00 03', postalCode: '37000', city: 'Tours' }, 'hot');
  await page.goto(leadPage(ctx.url, id));
  const card = page.getByTestId('dispatch-card');
  await expect(card).toContainText('km');
  await card.getByTestId('dispatch-suggestion').click();
  await expect(page.getByTestId('toast')).toContainText('Envoyé à');
  await expect(page.getByTestId('dispatch-card')).toBeHidden();
  await expect(page.getByTestId('lead-owner')).not.toBeEmpty();

  // The demo's qualified leads are those routing kept at the head office: three more, in members' zones, waiting for the bulk dispatch.
  for (const [i, place] of [
    { postalCode: '69003', city: 'Lyon' },
    { postalCode: '44000', city: 'Nantes' },
    { postalCode: '59000', city: 'Lille' },
  ].entries()) {
    await qualifiedLead(request, ctx.url, { lastName: `Enbloc${i}`, phone: `06 44 00 01 0${i}`, ...place }, 'warm');
  }
  // The bulk summary gives the numbers the core reports, and they are the leads that left the queue.
  await page.getByTestId('back-to-leads').click();
  const bulk = page.getByTestId('bulk-dispatch');
  const shown = Number(/(\d+) leads qualifiés/.exec(await bulk.innerText())![1]);
  expect(shown).toBeGreaterThan(1);
  const before = await callApi<{ total: number }>(request, ctx.url, 'leads.list', { status: ['dispatched'], limit: 1 });
  await bulk.click();
  const summary = page.getByTestId('bulk-summary');
  await expect(summary).toHaveText(/^\d+ envoyés aux membres, \d+ au pot commun, \d+ à la tête de réseau, 0 en échec\.$/);
  const [sent, pooled, headOffice] = (await summary.innerText()).match(/\d+/g)!.map(Number);
  expect(sent! + pooled! + headOffice!).toBe(shown);
  expect(sent).toBeGreaterThan(0);
  // Push mode, white zones to the nearest member: nothing goes to a pool.
  expect(pooled).toBe(0);
  const after = await callApi<{ total: number }>(request, ctx.url, 'leads.list', { status: ['dispatched'], limit: 1 });
  expect(after.total - before.total).toBe(sent);
});
