import type { Page } from '@playwright/test';
import { drawPolygon } from './drawing';
import { test, expect, callApi } from './fixtures';
import { bourgesMember, tempFile } from './seed';

/** Opens the map; returns its zone counter and the number of zones it shows. */
async function openMap(page: Page, hostUrl: string) {
  await page.goto(hostUrl);
  await page.getByTestId('nav-map').click();
  const count = page.getByTestId('territory-count');
  await expect(count).toHaveText(/^\d+ zones$/);
  return { count, zones: Number((await count.innerText()).match(/\d+/)![0]) };
}

test.describe('network map', () => {
  test('draws a territory with the mouse, assigns it, and finds it after a reload', async ({ page, host }) => {
    const { count, zones: before } = await openMap(page, host.url);

    await page.getByTestId('edit-toggle').click();
    await page.locator('.leaflet-pm-icon-polygon').click();
    const map = page.getByTestId('map');
    const box = (await map.boundingBox())!;
    // A triangle in the middle of France (the map starts fitted on France).
    const pts = [
      [box.x + box.width * 0.5, box.y + box.height * 0.45],
      [box.x + box.width * 0.56, box.y + box.height * 0.45],
      [box.x + box.width * 0.53, box.y + box.height * 0.52],
    ];
    await drawPolygon(page, pts);

    const dialog = page.getByTestId('territory-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('territory-member').click();
    await page.keyboard.type('Bourges');
    await page
      .getByRole('option', { name: /Bourges/ })
      .first()
      .click();
    await dialog.getByTestId('territory-name').locator('input').fill('Berry Sud');
    await dialog.getByTestId('territory-save').click();
    await expect(dialog).toBeHidden();
    await expect(count).toHaveText(`${before + 1} zones`);

    await page.reload();
    await expect(page.getByTestId('territory-count')).toHaveText(`${before + 1} zones`);
  });

  test('undoes and redoes from the history kept by the core, across a reload, with the buttons and Ctrl+Y', async ({ page, host, request }) => {
    const memberId = await bourgesMember(request, host.url);
    const ring = [
      [2.3, 46.9],
      [2.5, 46.9],
      [2.5, 47.1],
      [2.3, 47.1],
      [2.3, 46.9],
    ];
    // Drawn through the API: the page never saw the edit, so only the core can offer to undo it.
    await callApi(request, host.url, 'territories.create', { memberId, name: 'Berry Sud', geometry: { type: 'Polygon', coordinates: [ring] } });
    const { count, zones: after } = await openMap(page, host.url);
    const undo = page.getByTestId('undo');
    const redo = page.getByTestId('redo');
    await expect(redo).toBeDisabled();
    await expect(undo).toHaveAttribute('title', /Berry Sud/);

    await undo.click();
    await expect(page.getByTestId('map-toast')).toContainText('Berry Sud');
    await expect(count).toHaveText(`${after - 1} zones`);
    await expect(undo).toBeDisabled(); // the demo's own zones are not in the history

    await page.reload();
    await expect(page.getByTestId('territory-count')).toHaveText(`${after - 1} zones`);
    await expect(page.getByTestId('redo')).toHaveAttribute('title', /Berry Sud/);
    await page.keyboard.press('Control+y');
    await expect(page.getByTestId('territory-count')).toHaveText(`${after} zones`);
    await expect(page.getByTestId('redo')).toBeDisabled();
    await expect(page.getByTestId('undo')).toBeEnabled();
  });

  test('refuses a territory without a member and saves nothing', async ({ page, host }) => {
    const { count, zones: before } = await openMap(page, host.url);
    await page.getByTestId('edit-toggle').click();
    await page.locator('.leaflet-pm-icon-polygon').click();
    const box = (await page.getByTestId('map').boundingBox())!;
    const pts = [
      [0.4, 0.6],
      [0.45, 0.6],
      [0.42, 0.66],
    ].map(([fx, fy]) => [box.x + box.width * fx!, box.y + box.height * fy!]);
    await drawPolygon(page, pts);
    const dialog = page.getByTestId('territory-dialog');
    await dialog.getByTestId('territory-name').locator('input').fill('Sans membre');
    await dialog.getByTestId('territory-save').click();
    await expect(dialog.getByTestId('territory-error')).toBeVisible();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect(count).toHaveText(`${before} zones`);
  });

  test('imports a GeoJSON file with one bad feature: the error is shown for it, the rest goes in', async ({ page, host }) => {
    const square = (lon: number, lat: number) => [
      [
        [lon, lat],
        [lon + 0.2, lat],
        [lon + 0.2, lat + 0.2],
        [lon, lat + 0.2],
        [lon, lat],
      ],
    ];
    const file = tempFile(
      'zones.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { member: 'Chaleur Service Reims', name: 'Reims Est' }, geometry: { type: 'Polygon', coordinates: square(4.1, 49.2) } },
          {
            type: 'Feature',
            properties: { member: 'Chaleur Service Reims', name: 'Nœud papillon' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [4, 49],
                  [4.2, 49.2],
                  [4.2, 49],
                  [4, 49.2],
                  [4, 49],
                ],
              ],
            },
          },
          { type: 'Feature', properties: { member: 'Chaleur Service Reims', name: 'Reims Ouest' }, geometry: { type: 'Polygon', coordinates: square(3.7, 49.2) } },
        ],
      }),
    );
    const { count, zones: before } = await openMap(page, host.url);
    await page.getByTestId('geojson-import').click();
    await page.getByTestId('geojson-file').setInputFiles(file);
    await expect(page.getByTestId('geojson-summary')).toContainText('2 valides');
    await expect(page.getByTestId('geojson-row-1')).toContainText(/intersect|croise|coupe/i);
    await page.getByTestId('geojson-confirm').click();
    await expect(count).toHaveText(`${before + 2} zones`);
  });

  test('lists the white-zone communes by département', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    const white = page.getByTestId('white-zones');
    await expect(white.locator('.v-expansion-panel').first()).toBeVisible();
    await white.locator('.v-expansion-panel-title').first().click();
    // More than three communes, counted once the panel has rendered them all.
    await expect(white.locator('.white-commune').nth(3)).toBeVisible();
  });
});
