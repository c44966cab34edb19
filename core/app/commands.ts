/** app.*: what the status line and the About box show. */
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { command } from '../commands/define';
import { schemaVersion } from '../db/migrate';
import { countMembers } from '../members/store';

export const appCommands = {
  'app.info': command(z.object({}), (ctx) => ({
    name: pkg.productName,
    version: pkg.version,
    schemaVersion: schemaVersion(ctx.db),
    dbPath: ctx.dbPath,
    memberCount: countMembers(ctx.db),
  })),
};
