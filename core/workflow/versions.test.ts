/** Workflow steps recorded from a stale version of the lead (see core/db/row-version.test.ts). */
import { describe, expect, it } from 'vitest';
import { conflict, setup } from '../test-network';

describe('workflow steps and row versions', () => {
  it('refuse a step recorded from a stale lead, leaving the lead as the winner left it', () => {
    const { call, tryCall, member, territory, lead } = setup();
    const a = member('Alpha');
    territory(a.id);
    const seen = lead();
    call('routing.dispatch', { leadId: seen.id, expectedVersion: seen.version });
    const dispatched = call('leads.get', { id: seen.id }).lead;
    call('workflow.record', { leadId: seen.id, step: 'accepted', expectedVersion: dispatched.version });
    expect(tryCall('workflow.record', { leadId: seen.id, step: 'declined', reason: 'Trop loin', expectedVersion: dispatched.version })).toMatchObject(conflict({ status: 'accepted' }));
    expect(call('leads.get', { id: seen.id }).lead).toMatchObject({ status: 'accepted', ownerMemberId: a.id });
    // Without an expected version (CLI, jobs) the step applies to the lead as it is.
    expect(call('workflow.record', { leadId: seen.id, step: 'contacted' }).status).toBe('contacted');
  }, 60_000);
});
