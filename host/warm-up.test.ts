import { describe, expect, it } from 'vitest';
import { rollupDue } from '../core/kpi/rollup';
import { readSettings } from '../core/settings/read';
import { setup } from '../core/test-network';
import { warmUp } from './warm-up';

describe('a server process warming up before it listens', () => {
  it('reads the dashboard, rebuilding the days a change left dirty, and logs nothing', () => {
    const n = setup(Date.now());
    n.lead();
    const s = readSettings(n.ctx);
    expect(rollupDue(n.ctx.db, s['sla.businessHours'], s['sla.targets'])).toBe(true);
    const logged: unknown[] = [];
    warmUp(n.ctx, (...entry) => logged.push(entry));
    expect(logged).toEqual([]);
    expect(rollupDue(n.ctx.db, s['sla.businessHours'], s['sla.targets'])).toBe(false);
  });
});
