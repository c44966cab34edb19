/** The schema's history, in order. Never edit a migration that has shipped: add the next one. */
import type { Db } from '../connection';
import * as m0001 from './0001-members';
import * as m0002 from './0002-settings';

export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-members', up: m0001.up },
  { version: 2, name: '0002-settings', up: m0002.up },
];
