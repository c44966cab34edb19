/**
 * A network around Tours and qualified leads ready for dispatch, on a clock the test moves: for
 * the dispatch, mail, row-version, workflow and extranet tests.
 */
import { expect } from 'vitest';
import type { Context } from './commands/define';
import { caller, testContext, validMember } from './test-support';
import { square, TOURS } from './territories/test-fixtures';

/** Starts on Monday 23 November 2026, 10:00 in Paris, on a fresh test database unless given another. */
export function setup(start = Date.UTC(2026, 10, 23, 9, 0), base: Context = testContext()) {
  let now = start;
  const ctx: Context = { ...base, now: () => now };
  const api = caller(ctx);
  /** A member in Tours selling heat pumps, reached only through its territories (radius 0), its e-mail from its name. */
  const member = (name: string, over: object = {}) =>
    api.call('members.create', { ...validMember, name, email: `${name.toLowerCase()}@example.fr`, lat: TOURS.lat, lon: TOURS.lon, radiusKm: 0, productLines: ['Pompe à chaleur'], ...over });
  /** A square of about 40 km around Tours. */
  const territory = (memberId: number, priorityOverride: number | null = null) =>
    api.call('territories.create', { memberId, name: `Zone ${memberId}`, geometry: square(0.4, 47.2, 0.6), priorityOverride });
  /** A lead in Tours, qualified hot: ready for dispatch. Another person's (no duplicate of the first) with other `person` fields. */
  const lead = (person: object = {}) => {
    const id = api.call('leads.create', { firstName: 'Marie', lastName: 'Durand', phone: '06 12 34 56 78', postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur', ...person }).lead.id;
    ctx.db.prepare('UPDATE leads SET lat = ?, lon = ? WHERE id = ?').run(TOURS.lat, TOURS.lon, id);
    api.call('leads.qualify', { id, temperature: 'hot' });
    return api.call('leads.get', { id }).lead;
  };
  return { ctx, api, ...api, member, territory, lead, advance: (ms: number) => (now += ms) };
}

/** The conflict a stale edit gets, with the row as it is now. */
export function conflict(current: object) {
  return { ok: false, error: { code: 'conflict', message: expect.stringContaining('nothing was saved'), stale: { current: expect.objectContaining(current) } } };
}
