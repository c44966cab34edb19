/** A network around Tours and a qualified lead, for the row-version tests (core/db, core/workflow). */
import { expect } from 'vitest';
import { caller, testContext, validMember } from '../test-support';
import { square, TOURS } from '../territories/test-fixtures';

export function setup() {
  const ctx = testContext();
  const api = caller(ctx);
  const member = (name: string) =>
    api.call('members.create', { ...validMember, name, email: `${name.toLowerCase()}@example.fr`, lat: TOURS.lat, lon: TOURS.lon, radiusKm: 0, productLines: ['Pompe à chaleur'] });
  const territory = (memberId: number) => api.call('territories.create', { memberId, name: `Zone ${memberId}`, geometry: square(0.4, 47.2, 0.6) });
  /** A lead in Tours, qualified hot: ready for dispatch. Another person's (no duplicate of the first) with other `person` fields. */
  const lead = (person: { lastName?: string; phone?: string } = {}) => {
    const id = api.call('leads.create', { firstName: 'Marie', lastName: 'Durand', phone: '06 12 34 56 78', postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur', ...person }).lead.id;
    ctx.db.prepare('UPDATE leads SET lat = ?, lon = ? WHERE id = ?').run(TOURS.lat, TOURS.lon, id);
    api.call('leads.qualify', { id, temperature: 'hot' });
    return api.call('leads.get', { id }).lead;
  };
  return { ctx, ...api, member, territory, lead };
}

/** The conflict a stale edit gets, with the row as it is now. */
export function conflict(current: object) {
  return { ok: false, error: { code: 'conflict', message: expect.stringContaining('nothing was saved'), stale: { current: expect.objectContaining(current) } } };
}
