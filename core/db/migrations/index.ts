/**
 * The schema's history, in order, for both engines: migration N builds the same schema on SQLite
 * (./NNNN-*.ts) and on PostgreSQL (its twin ./postgres/NNNN-*.ts, or the same function where one
 * `up` serves both through ./dialect.ts), so both engines share one schema version. Never edit a
 * migration that has shipped: add the next one, on both engines at once (engines.test.ts
 * compares the two schemas).
 */
import type { Db } from '../connection';
import * as m0001 from './0001-members';
import * as m0002 from './0002-settings';
import * as m0003 from './0003-territories';
import * as m0004 from './0004-member-absences';
import * as m0005 from './0005-leads';
import * as m0006 from './0006-routing';
import * as m0007 from './0007-kpi';
import * as m0008 from './0008-privacy';
import * as m0009 from './0009-targets';
import * as m0010 from './0010-import-fingerprint';
import * as m0011 from './0011-kpi-rollup';
import * as m0012 from './0012-member-identity';
import * as m0013 from './0013-member-file-mappings';
import * as m0014 from './0014-product-catalogue';
import * as m0015 from './0015-lead-import-fields';
import * as m0016 from './0016-territory-history';
import * as m0017 from './0017-users';
import * as m0018 from './0018-one-acceptance-deadline';
import * as m0019 from './0019-row-versions';
import * as m0020 from './0020-member-accounts';
import * as m0021 from './0021-kpi-day-leads';
import * as m0022 from './0022-bulk-import-writes';
import * as m0023 from './0023-user-preferences';
import * as m0024 from './0024-row-security';
import * as m0025 from './0025-queue-order-indexes';
import * as m0026 from './0026-dispatch-mail-links';
import * as m0027 from './0027-member-mail-row-security';
import * as m0028 from './0028-pool-offers-by-member';
import * as m0029 from './0029-kpi-report';
import * as m0030 from './0030-anonymise-index-closed-leads';
import * as m0031 from './0031-second-factor';
import * as m0032 from './0032-kpi-dirty-marks';
import * as m0033 from './0033-kpi-cross-months';
import * as m0034 from './0034-kpi-cross-current';
import * as m0035 from './0035-import-free-indexes';
import * as pg0001 from './postgres/0001-members';
import * as pg0003 from './postgres/0003-territories';
import * as pg0004 from './postgres/0004-member-absences';
import * as pg0005 from './postgres/0005-leads';
import * as pg0007 from './postgres/0007-kpi';
import * as pg0009 from './postgres/0009-targets';
import * as pg0011 from './postgres/0011-kpi-rollup';
import * as pg0012 from './postgres/0012-member-identity';
import * as pg0016 from './postgres/0016-territory-history';
import * as pg0020 from './postgres/0020-member-accounts';
import * as pg0022 from './postgres/0022-bulk-import-writes';
import * as pg0029 from './postgres/0029-kpi-report';
import * as pg0032 from './postgres/0032-kpi-dirty-marks';

export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

/** Each step: its name (its number first), its SQLite migration, its PostgreSQL one. */
const steps: [name: string, sqlite: Migration['up'], postgres: Migration['up']][] = [
  ['0001-members', m0001.up, pg0001.up],
  ['0002-settings', m0002.up, m0002.up],
  ['0003-territories', m0003.up, pg0003.up],
  ['0004-member-absences', m0004.up, pg0004.up],
  ['0005-leads', m0005.up, pg0005.up],
  ['0006-routing', m0006.up, m0006.up],
  ['0007-kpi', m0007.up, pg0007.up],
  ['0008-privacy', m0008.up, m0008.up],
  ['0009-targets', m0009.up, pg0009.up],
  ['0010-import-fingerprint', m0010.up, m0010.up],
  ['0011-kpi-rollup', m0011.up, pg0011.up],
  ['0012-member-identity', m0012.up, pg0012.up],
  ['0013-member-file-mappings', m0013.up, m0013.up],
  ['0014-product-catalogue', m0014.up, m0014.up],
  ['0015-lead-import-fields', m0015.up, m0015.up],
  ['0016-territory-history', m0016.up, pg0016.up],
  ['0017-users', m0017.up, m0017.up],
  ['0018-one-acceptance-deadline', m0018.up, m0018.up],
  ['0019-row-versions', m0019.up, m0019.up],
  ['0020-member-accounts', m0020.up, pg0020.up],
  ['0021-kpi-day-leads', m0021.up, m0021.up],
  ['0022-bulk-import-writes', m0022.up, pg0022.up],
  ['0023-user-preferences', m0023.up, m0023.up],
  ['0024-row-security', m0024.up, m0024.up],
  ['0025-queue-order-indexes', m0025.up, m0025.up],
  ['0026-dispatch-mail-links', m0026.up, m0026.up],
  ['0027-member-mail-row-security', m0027.up, m0027.up],
  ['0028-pool-offers-by-member', m0028.up, m0028.up],
  ['0029-kpi-report', m0029.up, pg0029.up],
  ['0030-anonymise-index-closed-leads', m0030.up, m0030.up],
  ['0031-second-factor', m0031.up, m0031.up],
  ['0032-kpi-dirty-marks', m0032.up, pg0032.up],
  ['0033-kpi-cross-months', m0033.up, m0033.up],
  ['0034-kpi-cross-current', m0034.up, m0034.up],
  ['0035-import-free-indexes', m0035.up, m0035.up],
];

const numbered = (name: string, up: Migration['up']): Migration => ({ version: Number(name.slice(0, 4)), name, up });

export const migrations: readonly Migration[] = steps.map(([name, up]) => numbered(name, up));
export const postgresMigrations: readonly Migration[] = steps.map(([name, , up]) => numbered(name, up));
