/**
 * Names on the map are text: a territory or member name holding HTML (typed, or from an
 * imported GeoJSON) shows as written in its tooltip and loads nothing (issue 15).
 */
import { test, expect, callApi } from './fixtures';
import { bourgesMember } from './seed';

test.use({ hostArgs: ['--no-demo'] });

const HOSTILE = '<img src="https://tracker.example/pixel.gif" data-x="1">Zone <b>Berry</b>';

test('a territory named with HTML shows the HTML as text in its tooltip and loads no image', async ({ page, host, request }) => {
  const tracked: string[] = [];
  page.on('request', (r) => r.url().includes('tracker.example') && tracked.push(r.url()));
  const memberId = await bourgesMember(request, host.url, { name: 'Solaire <i>Berry</i>' });
  // A square over the middle of France, so the middle of the map is inside it.
  const [lon, lat, d] = [2.4, 46.8, 1.5];
  const ring = [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ];
  await callApi(request, host.url, 'territories.create', { memberId, name: HOSTILE, geometry: { type: 'Polygon', coordinates: [ring] } });

  await page.goto(host.url);
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('territory-count')).toContainText('1');
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5);
  const tooltip = page.locator('.leaflet-tooltip').filter({ hasText: 'Zone' });
  await expect(tooltip).toHaveText(HOSTILE);
  await expect(tooltip.locator('img, b')).toHaveCount(0);
  expect(tracked).toEqual([]);
});
