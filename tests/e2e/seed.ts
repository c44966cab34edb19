/**
 * What the end-to-end tests create through the Api before they drive the screens: a qualified
 * lead, a member around Bourges (the middle of France, where the map opens), a CSV file to import,
 * and the address of a lead's page.
 */
import type { APIRequestContext } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi } from './fixtures';

interface NewLead {
  firstName?: string;
  lastName: string;
  phone: string;
  postalCode: string;
  city: string;
}

/** Creates a heat-pump lead and qualifies it at the temperature given; returns its id. */
export async function qualifiedLead(request: APIRequestContext, hostUrl: string, lead: NewLead, temperature: 'hot' | 'warm' | 'cold'): Promise<number> {
  const created = await callApi<{ lead: { id: number } }>(request, hostUrl, 'leads.create', { ...lead, product: 'Pompe à chaleur' });
  await callApi(request, hostUrl, 'leads.qualify', { id: created.lead.id, temperature });
  return created.lead.id;
}

/** An installer in Bourges; returns its id. */
export async function bourgesMember(request: APIRequestContext, hostUrl: string, { name = 'Solaire Berry', radiusKm = 30 } = {}): Promise<number> {
  const member = await callApi<{ id: number }>(request, hostUrl, 'members.create', {
    name,
    kind: 'installer',
    postalCode: '18000',
    city: 'Bourges',
    capacityPerWeek: 10,
    priorityCoefficient: 1,
    radiusKm,
  });
  return member.id;
}

/** The lead page's address, with the run's token. */
export function leadPage(hostUrl: string, id: number): string {
  const token = new URL(hostUrl).searchParams.get('token');
  return `${hostUrl.split('?')[0]}?token=${token}#/leads/${id}`;
}

/** Writes the text to a file of that name in a fresh temporary folder; returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aig-e2e-file-')), name);
  writeFileSync(path, text, 'utf8');
  return path;
}
