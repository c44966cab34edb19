import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { generateKpiData } from '../../tests/bench/kpi';
import { readSettings } from '../settings/read';
import { sqliteOf } from '../db/connection';
import { caller, testContext } from '../test-support';
import { dashboardScope, SECTIONS, type SectionName } from './dashboard';
import { networkFigures } from './network';
import { refreshRollup } from './rollup';
import type { Filters, Scope } from './scope';
import { totals } from './totals';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const DAY = 86_400_000;

function setup(count = 2000) {
  const ctx = testContext(NOW);
  generateKpiData(ctx.db, count, NOW, true);
  return ctx;
}

function refresh(ctx: ReturnType<typeof setup>): number {
  const s = readSettings(ctx);
  return refreshRollup(ctx.db, s['sla.businessHours'], s['sla.targets']);
}

/** Every section from the per-day totals equals the same section read from the facts alone. */
function expectSameAsFacts(scope: Scope) {
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const run = SECTIONS[name] as (s: Scope) => unknown;
    expect(run(scope), name).toEqual(run({ ...scope, fromFacts: true }));
  }
}

const dayOfParis = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** The Paris calendar days (YYYY-MM-DD) of the instants a query returns. */
function parisDays(ctx: ReturnType<typeof setup>, sql: string): Set<string> {
  return new Set((ctx.db.prepare(sql).pluck().all() as number[]).map((t) => dayOfParis.format(t)));
}

/** Each filter the dashboard offers, each pair of them, and values that match nothing. */
function filterCases(): [string, Filters][] {
  const one: [string, Filters][] = [
    ['a source', { source: 'Salon' }],
    ['a département', { departement: '37' }],
    ['a member', { memberId: 3 }],
    ['a temperature', { temperature: 'hot' }],
    ['a region', { region: 'Centre-Val de Loire' }],
  ];
  const pairs = one.flatMap(([a, fa], i) => one.slice(i + 1).map(([b, fb]): [string, Filters] => [`${a} and ${b}`, { ...fa, ...fb }]));
  return [
    ...one,
    ...pairs,
    ['a source no lead has', { source: 'Nulle part' }],
    ['an unknown region', { region: 'Atlantide' }],
    ['a member and its own département', { memberId: 3, departement: '37' }],
  ];
}

const PERIODS: [string, { from: number | string; to: number | string }][] = [
  ['a month', { from: '2026-10-01', to: '2026-10-31' }],
  ['instants mid-day across the autumn clock change', { from: Date.UTC(2025, 9, 20, 13, 17), to: Date.UTC(2025, 10, 3, 7, 59) }],
  ['the spring clock change', { from: Date.UTC(2026, 2, 28, 23, 30), to: Date.UTC(2026, 2, 30, 0, 30) }],
  ['the last 12 months to now', { from: NOW - 365 * DAY, to: NOW }],
  ['less than a day', { from: Date.UTC(2026, 5, 3, 8), to: Date.UTC(2026, 5, 3, 15) }],
  ['a period with no lead yet', { from: '2027-01-01', to: '2027-01-31' }],
];

describe('stored totals and clocks (rollup)', { timeout: 120_000 }, () => {
  it('rebuilds each Paris day holding a reception or a dispatch once, then nothing until something changes', () => {
    const ctx = setup();
    const receptionDays = parisDays(ctx, 'SELECT received_at FROM lead_facts');
    const dispatchDays = parisDays(ctx, 'SELECT at FROM dispatches WHERE member_id IS NOT NULL');
    expect(refresh(ctx)).toBe(receptionDays.size + dispatchDays.size);
    expect(parisDays(ctx, `SELECT DISTINCT start FROM kpi_totals WHERE span = 'day'`)).toEqual(receptionDays);
    expect(parisDays(ctx, `SELECT DISTINCT start FROM kpi_network WHERE span = 'day'`)).toEqual(dispatchDays);
    expect(parisDays(ctx, 'SELECT start FROM kpi_day_leads')).toEqual(receptionDays);
    expect(refresh(ctx)).toBe(0);
  });

  describe('read-only', () => {
    let ctx: ReturnType<typeof setup>;
    beforeAll(() => {
      ctx = setup();
      refresh(ctx);
    }, 60_000);

    for (const [label, period] of PERIODS) {
      it(`gives the same dashboard as the facts: ${label}`, () => expectSameAsFacts(dashboardScope(ctx, period)));
    }

    it('gives the same figures with a filter as the stored totals of a database holding only those leads', () => {
      // The filter is read from the day's leads (and the filter's own totals); the same leads alone in
      // another database are read from the network's totals: two stored paths to the same figures.
      const only = setup();
      only.db.prepare(`DELETE FROM leads WHERE source <> 'Salon'`).run();
      refresh(only);
      const period = { from: NOW - 365 * DAY, to: NOW };
      const filtered = dashboardScope(ctx, { ...period, source: 'Salon' });
      const stored = dashboardScope(only, period);
      for (const name of Object.keys(SECTIONS) as SectionName[]) {
        const run = SECTIONS[name] as (s: Scope) => unknown;
        expect(run(stored), name).toEqual(run(filtered));
      }
    });

    for (const [label, filters] of filterCases()) {
      it(`gives the same dashboard as the facts, filtered by ${label}`, () => {
        for (const [, period] of PERIODS) expectSameAsFacts(dashboardScope(ctx, { ...period, ...filters }));
      });
    }

    it('gives the same network map figures as the dispatches', () => {
      for (const days of [1, 30, 90, 365, 730]) expect(networkFigures(ctx, days)).toEqual(networkFigures(ctx, days, true));
      expect(networkFigures(ctx, 90).members.length).toBeGreaterThan(100);
    });

    it('judges running clocks as of the moment asked, not as of the rebuild', () => {
      for (const later of [NOW + 3 * 3_600_000, NOW + 2 * DAY, NOW + 30 * DAY]) {
        const scope = dashboardScope({ db: ctx.db, now: () => later }, { from: NOW - 20 * DAY, to: NOW });
        expectSameAsFacts(scope);
      }
      // Some clocks did run out in between: the verdicts moved.
      const at = (t: number) => SECTIONS.response(dashboardScope({ db: ctx.db, now: () => t }, { from: NOW - 20 * DAY, to: NOW })).sla.accept.missed;
      expect(at(NOW + 30 * DAY)).toBeGreaterThan(at(NOW - 5 * DAY));
    });
  });

  it('indexes a day of more distinct keys than two bytes count (an import with a campaign per row)', () => {
    const ctx = testContext(NOW);
    // Facts without their leads: this test is about the day's index, not about the leads.
    if (ctx.db.engine === 'sqlite') sqliteOf(ctx.db, 'This test').pragma('foreign_keys = OFF');
    else {
      ctx.db.exec('ALTER TABLE lead_facts DROP CONSTRAINT lead_facts_lead_id_fkey');
      // The next test reuses this PostgreSQL database: the lone facts go and the key comes back.
      onTestFinished(() => {
        ctx.db.exec(
          'DELETE FROM lead_facts WHERE lead_id NOT IN (SELECT id FROM leads); ALTER TABLE lead_facts ADD CONSTRAINT lead_facts_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES leads(id) ON DELETE CASCADE',
        );
      });
    }
    const day = Date.UTC(2026, 9, 14, 8);
    ctx.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000)
      INSERT INTO lead_facts (lead_id, received_at, departement, source, channel, campaign, product, temperature, status)
      SELECT i, ${day} + i, CASE i % 3 WHEN 0 THEN '37' ELSE '41' END, CASE i % 2 WHEN 0 THEN 'Salon' ELSE 'Site web' END, '', 'C' || i, 'PAC', 'hot', 'new' FROM n`);
    refresh(ctx);
    const scope = dashboardScope(ctx, { from: '2026-10-01', to: '2026-10-31', source: 'Salon' });
    expect(SECTIONS.breakdown(scope).campaign.length).toBe(15);
    expectSameAsFacts(scope);
  });

  it('reads whole days of a month as the month less its other days when fewer, leaving no key of those days alone', () => {
    const ctx = setup();
    // A lead of a source seen on no other day, received in the month after the period's end.
    ctx.db.prepare(`UPDATE leads SET source = 'Salon tardif' WHERE id = (SELECT id FROM leads WHERE received_at >= ? ORDER BY received_at LIMIT 1)`).run(Date.UTC(2026, 10, 20, 12));
    refresh(ctx);
    expect(ctx.db.prepare(`SELECT count(*) FROM lead_facts WHERE source = 'Salon tardif' AND received_at < ?`).pluck().get(NOW)).toBe(1);
    // November 1-18: 18 days read as the month less its 12 others (the lead's among them).
    const scope = dashboardScope(ctx, { from: '2026-11-01', to: '2026-11-18' });
    const dims = ['all', 'source', 'member', 'departement'] as const;
    const stored = totals(scope, dims);
    expect(stored).toEqual(totals({ ...scope, fromFacts: true }, dims));
    expect(stored.source.has('Salon tardif')).toBe(false);
    expect(totals({ ...scope, period: { from: scope.period.from, to: NOW } }, ['source']).source.get('Salon tardif')?.received).toBe(1);
  });

  it('works a backlog off a few days at a time, oldest first, when asked to (the background jobs)', () => {
    const ctx = setup();
    const s = readSettings(ctx);
    const allDays = parisDays(ctx, 'SELECT received_at FROM lead_facts').size + parisDays(ctx, 'SELECT at FROM dispatches WHERE member_id IS NOT NULL').size;
    expect(refreshRollup(ctx.db, s['sla.businessHours'], s['sla.targets'], 31)).toBe(62); // 31 of reception, 31 of dispatch
    const built = ctx.db.prepare(`SELECT count(DISTINCT start), max(start) FROM kpi_totals WHERE span = 'day'`).raw().get() as [number, number];
    expect(built[0]).toBe(31);
    const firstLeft = ctx.db.prepare('SELECT min(hour) FROM kpi_dirty_hours').pluck().get() as number;
    expect(firstLeft * 3_600_000).toBeGreaterThan(built[1]);
    expect(refresh(ctx)).toBe(allDays - 62);
    expect(refresh(ctx)).toBe(0);
    expectSameAsFacts(dashboardScope(ctx, { from: NOW - 365 * DAY, to: NOW }));
  });

  it('rebuilds only the days whose leads changed', () => {
    const ctx = setup();
    refresh(ctx);
    const lead = ctx.db
      .prepare(`SELECT f.lead_id AS id, f.received_at AS at FROM lead_facts f JOIN dispatches d ON d.lead_id = f.lead_id WHERE f.received_at > ? AND f.accepted_at IS NULL LIMIT 1`)
      .get(NOW - 40 * DAY) as { id: number; at: number };
    const acceptedAt = lead.at + 5 * 3_600_000;
    ctx.db.prepare(`INSERT INTO lead_events (lead_id, type, at, actor, data) VALUES (?, 'accepted', ?, 'test', '{}')`).run(lead.id, acceptedAt);
    ctx.db.prepare(`UPDATE dispatches SET ended_at = ?, end_reason = 'accepted' WHERE lead_id = ?`).run(acceptedAt, lead.id);
    ctx.db.prepare(`UPDATE leads SET status = 'won' WHERE id = ?`).run(lead.id);
    expect(refresh(ctx)).toBe(2); // its day of reception, and of dispatch
    for (const [, filters] of [['none', {}] as const, ...filterCases()]) expectSameAsFacts(dashboardScope(ctx, { from: NOW - 60 * DAY, to: NOW, ...filters }));
    expect(networkFigures(ctx, 90)).toEqual(networkFigures(ctx, 90, true));
    // A lead erased with its facts: its day is rebuilt too.
    const other = ctx.db
      .prepare(`SELECT id FROM leads WHERE received_at > ? ORDER BY id LIMIT 1`)
      .pluck()
      .get(NOW - 10 * DAY) as number;
    const dispatched = ctx.db.prepare('SELECT count(*) FROM dispatches WHERE lead_id = ? AND member_id IS NOT NULL').pluck().get(other) as number;
    ctx.db.prepare('DELETE FROM leads WHERE id = ?').run(other);
    expect(refresh(ctx)).toBe(1 + dispatched); // its day of reception, and of dispatch if it had one
    for (const [, filters] of [['none', {}] as const, ...filterCases()]) expectSameAsFacts(dashboardScope(ctx, { from: NOW - 60 * DAY, to: NOW, ...filters }));
    expect(networkFigures(ctx, 90)).toEqual(networkFigures(ctx, 90, true));
  });

  it('reads a month whose crossed figures are not rebuilt yet from its days, and rebuilds them when asked', () => {
    const ctx = setup();
    refresh(ctx);
    const crossed = () => ctx.db.prepare('SELECT start FROM kpi_cross_months ORDER BY start').pluck().all() as number[];
    const all = crossed();
    // A lead of a whole month in the last twelve, won now, under filters the crossed figures answer.
    const lead = ctx.db
      .prepare(`SELECT lead_id AS id, received_at AS at FROM lead_facts WHERE received_at > ? AND received_at < ? AND won_at IS NULL AND source = 'Salon' AND temperature = 'hot' LIMIT 1`)
      .get(NOW - 200 * DAY, NOW - 100 * DAY) as { id: number; at: number };
    ctx.db.prepare('UPDATE lead_facts SET won_at = ?, won_cents = 1234500 WHERE lead_id = ?').run(lead.at + 3 * DAY, lead.id);
    const s = readSettings(ctx);
    expect(refreshRollup(ctx.db, s['sla.businessHours'], s['sla.targets'], Infinity, { crossMonths: 0 })).toBe(1);
    expect(crossed()).toHaveLength(all.length - 1);
    const year = { from: NOW - 365 * DAY, to: NOW };
    for (const [, filters] of filterCases()) expectSameAsFacts(dashboardScope(ctx, { ...year, ...filters }));
    refresh(ctx);
    expect(crossed()).toEqual(all);
    for (const [, filters] of filterCases()) expectSameAsFacts(dashboardScope(ctx, { ...year, ...filters }));
  });

  it('rebuilds everything when the SLA targets or the business hours change', () => {
    const ctx = setup();
    refresh(ctx);
    const { call } = caller(ctx);
    const targets = readSettings(ctx)['sla.targets'];
    call('settings.set', { key: 'sla.targets', value: { ...targets, hot: { ...targets.hot, accept: 1 } } });
    const before = call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31' });
    expect(refresh(ctx)).toBe(0); // the dashboard rebuilt them
    expectSameAsFacts(dashboardScope(ctx, { from: '2026-10-01', to: '2026-10-31' }));
    expect(networkFigures(ctx, 365)).toEqual(networkFigures(ctx, 365, true));
    expect(before.response.sla.accept).toEqual(SECTIONS.response({ ...dashboardScope(ctx, { from: '2026-10-01', to: '2026-10-31' }), fromFacts: true }).sla.accept);
  });
});
