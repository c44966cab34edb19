import { describe, expect, it } from 'vitest';
import { setup } from '../test-network';
import { caller } from '../test-support';
import { listAudit } from '../privacy/audit';

describe('how a member receives its leads by mail', () => {
  it('is one mail per lead in French until the head office or the member’s administrator chooses otherwise, each change audited', () => {
    const network = setup();
    const alpha = network.member('Alpha');
    const bravo = network.member('Bravo');
    expect(network.call('members.mail.get', { memberId: alpha.id })).toEqual({ delivery: 'each', language: 'fr' });
    expect(network.call('members.mail.set', { memberId: alpha.id, delivery: 'digest', language: 'en' })).toEqual({ delivery: 'digest', language: 'en' });

    // The member's administrator acts on the member of the session, whatever the input says.
    const admin = caller({ ...network.ctx, actor: 'patron@bravo.fr', member: { userId: 1, memberId: bravo.id, role: 'member_admin' } });
    expect(admin.call('extranet.mail.get', {})).toEqual({ delivery: 'each', language: 'fr' });
    expect(admin.tryCall('extranet.mail.set', { delivery: 'digest', language: 'fr', memberId: alpha.id } as never)).toMatchObject({ ok: true, value: { delivery: 'digest', language: 'fr' } });
    expect(network.call('members.mail.get', { memberId: alpha.id })).toEqual({ delivery: 'digest', language: 'en' });
    expect(network.call('members.mail.get', { memberId: bravo.id })).toEqual({ delivery: 'digest', language: 'fr' });
    expect(network.tryCall('extranet.mail.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(network.tryCall('members.mail.set', { memberId: 999, delivery: 'each', language: 'fr' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const entries = listAudit(network.ctx.db, { action: 'member.mailDelivery', offset: 0, limit: 10 }).items;
    expect(entries.map((e) => [e.actor, e.subject, e.details])).toEqual([
      ['patron@bravo.fr', `member:${bravo.id}`, { delivery: 'digest', language: 'fr' }],
      ['test', `member:${alpha.id}`, { delivery: 'digest', language: 'en' }],
    ]);
  });
});
