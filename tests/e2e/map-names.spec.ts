/**
 * Names on the map are text: a territory or member name holding HTML (typed, or from an
 * imported GeoJSON) shows as written in its tooltip and loads nothing (issue 15).
 */
import { test, expect, callApi } from './fixtures';
import { bourgesMember } from './seed';

test.use({ hostArgs: ['--no-demo'] });

const HOSTILE = '<img src="https://tracker.example/pixel.gif" data-x="1">Zone <b>Berry</b>';

/** A square polygon of half-side `d` degrees around a point. */
function square(lon: number, lat: number, d: number) {
  const ring = [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

test('a territory named with HTML shows the HTML as text in its tooltip and loads no image', async ({ page, host, request }) => {
  const tracked: string[] = [];
  page.on('request', (r) => r.url().includes('tracker.example') && tracked.push(r.url()));
  const memberId = await bourgesMember(request, host.url, { name: 'Solaire <i>Berry</i>' });
  // A square over the middle of France, so the middle of the map is inside it.
  await callApi(request, host.url, 'territories.create', { memberId, name: HOSTILE, geometry: square(2.4, 46.8, 1.5) });

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

test('a member named with HTML shows it as text in the tooltip of its marker, and a click on the marker selects the member', async ({ page, host, request }) => {
  const name = 'Solaire <i>Berry</i>';
  // Placed on the map (a member created with a postal code only has no point).
  const { id: memberId } = await callApi<{ id: number }>(request, host.url, 'members.create', {
    name,
    kind: 'installer',
    postalCode: '18000',
    city: 'Bourges',
    lat: 47.08,
    lon: 2.4,
    capacityPerWeek: 10,
    priorityCoefficient: 1,
    radiusKm: 30,
  });
  // A square around Bourges, the member's town, so a click beside its marker lands on the territory.
  await callApi(request, host.url, 'territories.create', { memberId, name: 'Cher', geometry: square(2.4, 47.1, 0.5) });

  await page.goto(host.url);
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('territory-count')).toContainText('1');
  // Found by the search, the member is flown to: its marker ends in the middle of the map.
  const search = page.getByTestId('place-search').locator('input[type=text]');
  await search.click();
  await search.pressSequentially('Solaire', { delay: 20 });
  await page.getByRole('option').filter({ hasText: 'Solaire' }).first().click();
  const box = (await page.getByTestId('map').boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const tooltip = page.locator('.leaflet-tooltip').filter({ hasText: 'Solaire' });
  // The flight takes a moment: hovered before it ends, the marker is not under the pointer yet. Leaflet reads
  // the pointer at most every 32 ms, so each try moves it once, a pixel, after the pause between tries.
  let nudge = 0;
  await expect(async () => {
    await page.mouse.move(x, y + (nudge++ % 2));
    await expect(tooltip).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(tooltip).toHaveText(`${name} · Bourges`);
  await expect(tooltip.locator('i')).toHaveCount(0);

  // Beside the marker, the territory is selected; on it, the member.
  await page.mouse.click(x + 60, y + 60);
  await expect(page.getByTestId('selected-territory')).toHaveText('Cher');
  await page.mouse.click(x, y);
  await expect(page.getByTestId('selected-member')).toHaveText(name);
  await expect(page.getByTestId('selected-territory')).toHaveCount(0);
});
