import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { followHashAskedDuringStartup } from '../../renderer/src/startupHash';

/** A router like the app's (the root redirects to /network), whose Network view loads only when `release` is called. */
function startingApp() {
  let release!: () => void;
  const slowView = new Promise<object>((resolve) => (release = () => resolve({})));
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', redirect: '/network' },
      { path: '/network', component: () => slowView },
      { path: '/queue', component: {} },
      { path: '/settings', component: {} },
    ],
  });
  const source = Object.assign(new EventTarget(), { location: { hash: '' } });
  followHashAskedDuringStartup(router, source);
  /** The user (or a test) changes the address while the app starts: the browser fires popstate. */
  const ask = (hash: string) => {
    source.location.hash = hash;
    source.dispatchEvent(new Event('popstate'));
  };
  return { router, release, ask };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** What installing the router in the app does in the browser; the address changes come in later tasks. */
const start = (router: Router) => router.push('/');

describe('a hash asked for while the app starts', () => {
  it('wins over the start-up redirect to #/network', async () => {
    const { router, release, ask } = startingApp();
    const first = start(router);
    await settle();
    ask('#/queue');
    release();
    await first;
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/queue');
  });

  it('is the last one asked for when there were several', async () => {
    const { router, release, ask } = startingApp();
    const first = start(router);
    await settle();
    ask('#/queue');
    ask('#/settings');
    release();
    await first;
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/settings');
  });

  it('changes nothing when none was asked for, and is forgotten once the app has started', async () => {
    const { router, release, ask } = startingApp();
    const first = start(router);
    release();
    await first;
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/network');
    // After the start the router follows the address itself: this helper no longer acts.
    ask('#/queue');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/network');
  });

  it('gives way to a link followed in the app after it', async () => {
    const { router, release, ask } = startingApp();
    const first = start(router);
    await settle();
    ask('#/settings');
    const click = router.push('/queue');
    release();
    await Promise.all([first, click]);
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/queue');
  });
});
