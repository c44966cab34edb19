import { describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';

function setup() {
  const ctx = testContext();
  return { ctx, ...caller(ctx) };
}

describe('members', () => {
  describe('create', () => {
    it('stores a member with defaults and its département from the postal code', () => {
      const { call } = setup();
      const m = call('members.create', { ...validMember, productLines: ['PAC air/eau', 'Chaudière'] });
      // Product lines as the catalogue names them; a label it does not know is kept and reported.
      expect(m).toMatchObject({
        id: 1,
        name: 'Solaire Touraine',
        departement: '37',
        active: true,
        email: '',
        productLines: ['Pompe à chaleur air-eau', 'Chaudière'],
        unknownProductLines: ['Chaudière'],
        archivedAt: null,
      });
      expect(call('members.get', { id: m.id })).toEqual(m);
    });

    it('finds Corsica and overseas départements', () => {
      const { call } = setup();
      expect(call('members.create', { ...validMember, name: 'Corse Sud', postalCode: '20000', city: 'Ajaccio' }).departement).toBe('2A');
      expect(call('members.create', { ...validMember, name: 'Haute Corse', postalCode: '20200', city: 'Bastia' }).departement).toBe('2B');
      expect(call('members.create', { ...validMember, name: 'Réunion', postalCode: '97400', city: 'Saint-Denis' }).departement).toBe('974');
    });

    it.each([
      [{ name: 'x' }, 'name', 'at least 2 characters'],
      [{ kind: 'franchise' }, 'kind', 'Kind must be one of'],
      [{ postalCode: '123' }, 'postalCode', '5 digits'],
      [{ postalCode: '00123' }, 'postalCode', 'not the postal code of a French département'],
      [{ email: 'not-an-email' }, 'email', 'e-mail'],
      [{ phone: 'call me' }, 'phone', 'digits'],
      [{ capacityPerWeek: 2.5 }, 'capacityPerWeek', 'whole number'],
      [{ capacityPerWeek: -1 }, 'capacityPerWeek', 'negative'],
      [{ priorityCoefficient: 0 }, 'priorityCoefficient', 'between 0.1 and 10'],
      [{ priorityCoefficient: 11 }, 'priorityCoefficient', 'between 0.1 and 10'],
      [{ radiusKm: -5 }, 'radiusKm', 'negative'],
      [{ radiusKm: '30' }, 'radiusKm', 'number of kilometres'],
      [{ productLines: Array.from({ length: 21 }, (_, i) => `P${i}`) }, 'productLines', 'At most 20'],
      [{ siret: '7328293200007' }, 'siret', '14 digits'],
      [{ siret: '73282932000075' }, 'siret', 'check digit'],
      [{ code: '=cmd' }, 'code', 'letters, digits'],
    ])('refuses %j with an issue on %s and stores nothing', (change, field, message) => {
      const { ctx, tryCall } = setup();
      const result = tryCall('members.create', { ...validMember, ...change } as never);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      const issue = result.error.issues?.find((i) => i.path[0] === field);
      expect(issue?.message).toContain(message);
      expect(ctx.db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 0 });
    });

    it('accepts two members with the same name (two firms, two towns), told apart by their code or SIRET', () => {
      const { call } = setup();
      const a = call('members.create', { ...validMember, code: 'ST-37', siret: '732 829 320 00074' });
      const b = call('members.create', { ...validMember, name: 'SOLAIRE touraine', postalCode: '41000', city: 'Blois', code: 'ST-41' });
      expect([a.siret, b.name, b.city]).toEqual(['73282932000074', 'SOLAIRE touraine', 'Blois']);
    });

    it.each([
      [{ code: 'st-37' }, 'code', "The code st-37 is already the member Solaire Touraine (Tours)'s."],
      [{ siret: '73282932000074' }, 'siret', "The SIRET 73282932000074 is already the member Solaire Touraine (Tours)'s."],
    ])('refuses a second member with %j', (identity, field, message) => {
      const { call, tryCall } = setup();
      call('members.create', { ...validMember, code: 'ST-37', siret: '73282932000074' });
      expect(tryCall('members.create', { ...validMember, ...identity })).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: [field], message }] } });
    });

    it("keeps an archived member's code and SIRET for it", () => {
      const { call, tryCall } = setup();
      const m = call('members.create', { ...validMember, code: 'ST-37' });
      call('members.archive', { id: m.id });
      expect(tryCall('members.create', { ...validMember, code: 'ST-37' })).toMatchObject({
        ok: false,
        error: { issues: [{ message: "The code ST-37 is already the member Solaire Touraine (Tours, archived)'s." }] },
      });
    });

    it('trims text fields', () => {
      const { call } = setup();
      expect(call('members.create', { ...validMember, name: '  Éco Tours  ', city: ' Tours ' })).toMatchObject({ name: 'Éco Tours', city: 'Tours' });
    });
  });

  describe('messages', () => {
    it("come in French when the caller asks for French, zod's own included", () => {
      const ctx = testContext();
      const fr = caller(ctx, 'fr');
      const result = fr.tryCall('members.create', { ...validMember, postalCode: '123', radiusKm: -1, extra: undefined, name: undefined } as never);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const byField = Object.fromEntries(result.error.issues!.map((i) => [i.path[0], i.message]));
      expect(byField.postalCode).toBe('Un code postal français a 5 chiffres');
      expect(byField.radiusKm).toBe('Le rayon ne peut pas être négatif');
      expect(byField.name).toMatch(/attendu|requis|invalide/i);
      expect(result.error.message).toMatch(/^Saisie invalide/);
      fr.call('members.create', { ...validMember, code: 'A1' });
      expect(fr.tryCall('members.create', { ...validMember, code: 'A1' })).toMatchObject({
        ok: false,
        error: { issues: [{ message: 'Le code A1 est déjà celui du membre Solaire Touraine (Tours).' }] },
      });
    });

    it('go back to English for the next English caller', () => {
      const ctx = testContext();
      caller(ctx, 'fr').tryCall('members.create', { ...validMember, postalCode: '1' });
      const en = caller(ctx, 'en').tryCall('members.create', { ...validMember, postalCode: '1' });
      expect(en).toMatchObject({ ok: false, error: { issues: [{ message: 'A French postal code has 5 digits' }] } });
    });
  });

  describe('update', () => {
    it('changes only the fields given and records the time', () => {
      const { call } = setup();
      const m = call('members.create', validMember);
      const u = call('members.update', { id: m.id, radiusKm: 55, productLines: ['isolation des combles'] });
      expect(u).toMatchObject({ ...m, radiusKm: 55, productLines: ['Isolation des combles'], version: m.version + 1 });
    });

    it('re-derives the département when the postal code changes', () => {
      const { call } = setup();
      const m = call('members.create', validMember);
      expect(call('members.update', { id: m.id, postalCode: '44000', city: 'Nantes' }).departement).toBe('44');
    });

    it('reports an unknown member as not found', () => {
      const { tryCall } = setup();
      expect(tryCall('members.update', { id: 99, radiusKm: 3 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });

    it('refuses invalid values and keeps the member as it was', () => {
      const { call, tryCall } = setup();
      const m = call('members.create', validMember);
      expect(tryCall('members.update', { id: m.id, radiusKm: 500 })).toMatchObject({ ok: false, error: { issues: [{ path: ['radiusKm'] }] } });
      expect(call('members.get', { id: m.id })).toEqual(m);
    });

    it("refuses to take another member's code", () => {
      const { call, tryCall } = setup();
      call('members.create', { ...validMember, code: 'A1' });
      const other = call('members.create', { ...validMember, name: 'Other' });
      expect(tryCall('members.update', { id: other.id, code: 'a1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(call('members.update', { id: other.id, code: 'A2' }).code).toBe('A2');
    });
  });

  describe('archive', () => {
    it('hides the member from the list, and can be undone', () => {
      const { ctx, call, tryCall } = setup();
      const m = call('members.create', validMember);
      expect(call('members.archive', { id: m.id }).archivedAt).toBe(ctx.now());
      expect(call('members.list', {})).toEqual([]);
      expect(call('members.list', { includeArchived: true })).toHaveLength(1);
      expect(tryCall('members.update', { id: m.id, radiusKm: 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(call('members.archive', { id: m.id, archived: false }).archivedAt).toBeNull();
      expect(call('members.list', {})).toHaveLength(1);
    });
  });

  describe('list', () => {
    it('searches names, cities and postal codes without caring for accents or case', () => {
      const { call } = setup();
      call('members.create', { ...validMember, name: 'Énergies Évry', postalCode: '91000', city: 'Évry-Courcouronnes' });
      call('members.create', { ...validMember, name: 'Chaleur Lyon', postalCode: '69003', city: 'Lyon' });
      expect(call('members.list', { search: 'evry' }).map((m) => m.name)).toEqual(['Énergies Évry']);
      expect(call('members.list', { search: 'ENERGIES 91' }).map((m) => m.name)).toEqual(['Énergies Évry']);
      expect(call('members.list', { search: '69003' }).map((m) => m.name)).toEqual(['Chaleur Lyon']);
      expect(call('members.list', { search: '' })).toHaveLength(2);
    });

    it('sorts by name', () => {
      const { call } = setup();
      for (const name of ['b', 'A', 'c']) call('members.create', { ...validMember, name: name + name });
      expect(call('members.list', {}).map((m) => m.name)).toEqual(['AA', 'bb', 'cc']);
    });
  });
});
