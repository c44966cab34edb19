/** The schema's history, in order. Never edit a migration that has shipped: add the next one. */
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

export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-members', up: m0001.up },
  { version: 2, name: '0002-settings', up: m0002.up },
  { version: 3, name: '0003-territories', up: m0003.up },
  { version: 4, name: '0004-member-absences', up: m0004.up },
  { version: 5, name: '0005-leads', up: m0005.up },
  { version: 6, name: '0006-routing', up: m0006.up },
  { version: 7, name: '0007-kpi', up: m0007.up },
  { version: 8, name: '0008-privacy', up: m0008.up },
  { version: 9, name: '0009-targets', up: m0009.up },
  { version: 10, name: '0010-import-fingerprint', up: m0010.up },
  { version: 11, name: '0011-kpi-rollup', up: m0011.up },
  { version: 12, name: '0012-member-identity', up: m0012.up },
  { version: 13, name: '0013-member-file-mappings', up: m0013.up },
  { version: 14, name: '0014-product-catalogue', up: m0014.up },
  { version: 15, name: '0015-lead-import-fields', up: m0015.up },
  { version: 16, name: '0016-territory-history', up: m0016.up },
  { version: 17, name: '0017-users', up: m0017.up },
  { version: 18, name: '0018-one-acceptance-deadline', up: m0018.up },
  { version: 19, name: '0019-row-versions', up: m0019.up },
];
