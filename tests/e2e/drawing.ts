/** Drawing on the map with the mouse, as geoman expects it; shared by the map and accessibility tests. */
import type { Page } from '@playwright/test';

/** Clicks the vertices one by one (a pause between, or two quick clicks read as a double click), then geoman's Finish. */
export async function drawPolygon(page: Page, points: number[][]) {
  for (const [x, y] of points) {
    await page.mouse.move(x!, y!);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(350);
  }
  await page.locator('.leaflet-pm-actions-container .action-finish').first().click();
}
