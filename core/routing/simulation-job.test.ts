import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';

const FROM = Date.UTC(2025, 10, 1);
const TO = Date.UTC(2026, 10, 1);
const LEADS = 2_000;

/** Two members near Tours and a year of leads dispatched to them, written straight to the tables (a replay needs many). */
function setup() {
  const ctx = testContext(TO);
  const api = caller(ctx);
  const ids = ['Alpha', 'Bravo'].map((name) => api.call('members.create', { ...validMember, name, email: `${name}@example.fr`, lat: 47.39, lon: 0.68, radiusKm: 80 }).id);
  const insertLead = ctx.db
    .prepare(
      `INSERT INTO leads (last_name, lat, lon, product, temperature, status, received_at, created_at, updated_at) VALUES ('X', ?, ?, 'Pompe à chaleur', 'warm', 'dispatched', ?, 0, 0) RETURNING id`,
    )
    .pluck();
  const insertDispatch = ctx.db.prepare(`INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor) VALUES (?, 'member', ?, '{}', ?, 'test')`);
  ctx.db.transaction(() => {
    for (let i = 0; i < LEADS; i++) {
      const at = FROM + Math.floor(((TO - FROM) * i) / LEADS);
      const id = insertLead.get(47.3 + (i % 20) / 100, 0.6 + (i % 30) / 100, at) as number;
      insertDispatch.run(id, ids[i % 2]!, at);
    }
  })();
  const input = { from: FROM, to: TO, settings: api.call('routing.settings.get', {}).settings, coefficients: { [String(ids[1])]: 3 } };
  return { api, input };
}

describe('simulation in the background', () => {
  it('reports its progress slice by slice and ends with the result of the replay done at once', async () => {
    const { api, input } = setup();
    const { jobId } = api.call('routing.simulation.start', input);
    const seen: number[] = [];
    let state = api.call('routing.simulation.progress', { jobId });
    while (state.status === 'running') {
      expect(state.progress.total).toBe(LEADS);
      seen.push(state.progress.done);
      await nextTurn();
      state = api.call('routing.simulation.progress', { jobId });
    }
    expect(seen[0]).toBe(0);
    expect(seen.some((done) => done > 0 && done < LEADS)).toBe(true);
    expect(state.status).toBe('completed');
    expect(state.progress).toEqual({ done: LEADS, total: LEADS });
    expect(state.status === 'completed' && state.result).toEqual(api.call('routing.simulate', input));
  });

  it('stops when cancelled, before replaying the rest', async () => {
    const { api, input } = setup();
    const { jobId } = api.call('routing.simulation.start', input);
    expect(api.call('routing.simulation.cancel', { jobId })).toMatchObject({ status: 'running', cancelling: true });
    let state = api.call('routing.simulation.progress', { jobId });
    while (state.status === 'running') {
      await nextTurn();
      state = api.call('routing.simulation.progress', { jobId });
    }
    expect(state.status).toBe('cancelled');
    expect(state.progress.done).toBeLessThan(LEADS);
    // Cancelling again, or a finished job, changes nothing.
    expect(api.call('routing.simulation.cancel', { jobId })).toMatchObject({ status: 'cancelled' });
  });

  it('says clearly when a simulation is unknown, in the caller’s language', () => {
    const { call } = caller(testContext(), 'fr');
    expect(caller(testContext()).tryCall('routing.simulation.progress', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: /no longer known/ },
    });
    expect(() => call('routing.simulation.progress', { jobId: '00000000-0000-4000-8000-000000000000' })).toThrow(/n’est plus connue/);
  });
});
