/**
 * The map draws territories simplified for the zoom (issue 19); the selected one is edited by
 * geoman at full detail: every stored vertex gets its handle, and the removal tool deletes it.
 */
import { test, expect, callApi } from './fixtures';
import { bourgesMember } from './seed';

test.use({ hostArgs: ['--no-demo'] });

const VERTICES = 240;

test('edits the selected territory with every stored vertex, and deletes it with geoman’s removal tool', async ({ page, host, request }) => {
  const memberId = await bourgesMember(request, host.url, { radiusKm: 0 });
  // A wobbly disc over the middle of France (the map opens on it), with far more vertices than the first display needs.
  const ring = Array.from({ length: VERTICES }, (_, i) => {
    const a = (2 * Math.PI * i) / VERTICES;
    const r = 1.5 * (1 + 0.003 * Math.sin(9 * a));
    return [2.4 + r * Math.cos(a) * 1.4, 46.8 + r * Math.sin(a)];
  });
  await callApi(request, host.url, 'territories.create', { memberId, name: 'Berry', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } });
  const [coarse] = await callApi<{ geometry: { coordinates: number[][][] } }[]>(request, host.url, 'territories.outlines', { level: 0 });
  expect(coarse!.geometry.coordinates[0]!.length).toBeLessThan(VERTICES / 2);

  await page.goto(host.url);
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('territory-count')).toContainText('1');
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('selected-territory')).toHaveText('Berry');

  await page.getByTestId('edit-toggle').click();
  await page.locator('.leaflet-pm-icon-edit').click();
  // One handle per stored vertex (geoman adds a middle handle per edge besides, which are not counted).
  await expect(page.locator('.leaflet-marker-icon.marker-icon:not(.marker-icon-middle)')).toHaveCount(VERTICES);
  await page.locator('.leaflet-pm-icon-edit').click();

  await page.locator('.leaflet-pm-icon-delete').click();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('map-toast')).toContainText('Berry');
  await expect(page.getByTestId('territory-count')).toHaveText('aucune zone');
});
