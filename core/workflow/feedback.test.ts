import { describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';
import type { Context } from '../commands/define';
import { stepOf } from './feedback';

function setup() {
  const ctx: Context = { ...testContext(), now: () => Date.UTC(2026, 10, 23, 9) };
  const api = caller(ctx, 'fr');
  api.call('members.create', { ...validMember, lat: 47.39, lon: 0.68, radiusKm: 50, productLines: [] });
  const lead = (lastName: string, phone: string) => {
    const id = (api.call('leads.create', { lastName, phone, postalCode: '37000', city: 'Tours' }) as unknown as { lead: { id: number } }).lead.id;
    ctx.db.prepare('UPDATE leads SET lat = 47.39, lon = 0.69 WHERE id = ?').run(id);
    api.call('leads.qualify', { id, temperature: 'warm' });
    api.call('routing.dispatch', { leadId: id });
    return id;
  };
  return { ctx, api, lead };
}

const file = (text: string) => ({ fileName: 'retours.csv', contentBase64: Buffer.from(text, 'utf8').toString('base64') });

describe('member feedback file', () => {
  it('records each good line, reports each bad one with its line number and reason', () => {
    const { api, lead, ctx } = setup();
    const a = lead('Alpha', '0611111111');
    const b = lead('Bravo', '0622222222');
    const result = api.call('workflow.importFeedback', file(`Référence;Statut;Motif;Montant\nAIG-${a}-1;Accepté;;\nAIG-${b}-2;gagné;;\n${b};Refusé;;\nXYZ;accepté;;\n${a};contacté;;\n`));
    expect(result.lines.map((l) => [l.line, l.ok])).toEqual([
      [2, true],
      [3, false],
      [4, false],
      [5, false],
      [6, true],
    ]);
    expect(result.lines[1]!.message).toBe('Indiquez le montant de la vente');
    expect(result.lines[2]!.message).toBe('Indiquez la raison');
    expect(result.lines[3]!.message).toMatch(/Pas de référence/);
    expect(result).toMatchObject({ recorded: 2, rejected: 3 });
    expect(ctx.db.prepare('SELECT id, status FROM leads ORDER BY id').all()).toEqual([
      { id: a, status: 'contacted' },
      { id: b, status: 'dispatched' },
    ]);
  });

  it('refuses a file without lead and status columns', () => {
    const { api } = setup();
    expect(api.tryCall('workflow.importFeedback', file('Nom;Ville\nDurand;Tours\n'))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('understands the words members use', () => {
    expect(['accepté', 'REFUSÉ', 'Contacté', 'devis 2', 'Devis envoyé', 'relance', 'Vendu', 'non-vente', 'bof'].map(stepOf)).toEqual([
      'accepted',
      'declined',
      'contacted',
      'quote_2',
      'quote_1',
      'follow_up',
      'won',
      'lost',
      null,
    ]);
  });
});
