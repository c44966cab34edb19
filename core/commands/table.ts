/**
 * The application's command table: the union of the domains' tables. Everything the app can
 * do is here; hosts (IPC, HTTP, CLI) only route names to it, and the renderer's Api type is
 * derived from it.
 */
import type { z } from 'zod';
import { mergeTables } from './define';
import { appCommands } from '../app/commands';
import { membersCommands } from '../members/commands';
import { settingsCommands } from '../settings/commands';
import { geoCommands } from '../geo/commands';
import { territoriesCommands } from '../territories/commands';
import { absencesCommands } from '../members/absences';
import { memberFileCommands } from '../members/file-commands';
import { coverageCommands } from '../coverage/commands';
import { leadsCommands } from '../leads/commands';
import { queueCommands } from '../leads/queue';
import { intakeCommands } from '../intake/commands';
import { routingCommands } from '../routing/commands';
import { workflowCommands } from '../workflow/commands';
import { mailCommands } from '../mail/commands';
import { kpiCommands } from '../kpi/commands';
import { reportsCommands } from '../reports/commands';
import { exportsCommands } from '../exports/commands';
import { privacyCommands } from '../privacy/commands';
import { targetsCommands } from '../targets/commands';
import { productsCommands } from '../products/commands';
import { usersCommands } from '../users/commands';
import { extranetCommands } from '../extranet/commands';
import { invitationCommands } from '../extranet/invitations';
import { peopleCommands } from '../extranet/people';
import { figuresCommands } from '../extranet/figures';

export const commands = mergeTables(
  appCommands,
  membersCommands,
  settingsCommands,
  geoCommands,
  territoriesCommands,
  absencesCommands,
  memberFileCommands,
  coverageCommands,
  leadsCommands,
  queueCommands,
  intakeCommands,
  routingCommands,
  workflowCommands,
  mailCommands,
  kpiCommands,
  reportsCommands,
  exportsCommands,
  targetsCommands,
  privacyCommands,
  productsCommands,
  usersCommands,
  invitationCommands,
  peopleCommands,
  figuresCommands,
  extranetCommands,
);

export type Commands = typeof commands;
export type Method = keyof Commands & string;
/** What a caller may send: the schema's input side (defaults optional). */
export type Input<M extends Method> = z.input<Commands[M]['input']>;
/** What it answers; an asynchronous command's promise, resolved. */
export type Output<M extends Method> = Awaited<ReturnType<Commands[M]['handler']>>;
