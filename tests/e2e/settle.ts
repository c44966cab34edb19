/** Waiting helpers shared by the end-to-end tests and the screenshot tour (plain TypeScript, Node strips the types). */
import type { Page } from '@playwright/test';

/**
 * Waits until the CSS transitions and animations under way have ended (a dialog's fade, a
 * menu's slide), instead of a fixed pause that a loaded machine outlasts: axe reads colours
 * mid-fade otherwise, and a screenshot catches a half-drawn view. Endless ones (a loading
 * spinner) are not waited for. Two frames first, so a transition Vue is starting has started.
 */
export async function transitionsEnded(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as BrowserView;
    return new Promise<void>((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(() => resolve())));
  });
  await page.waitForFunction(() => (globalThis as unknown as BrowserView).document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity));
}

/** The little of the page's window used here (these files are type-checked without the DOM library). */
interface BrowserView {
  requestAnimationFrame(callback: () => void): number;
  document: { getAnimations(): { playState: string; effect: { getComputedTiming(): { endTime?: unknown } } | null }[] };
}
