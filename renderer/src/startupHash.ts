/**
 * vue-router ignores the address bar until its first navigation has ended, then writes that
 * navigation's target over it. A hash asked for in between (a link followed or the address
 * edited while the app starts, a test opening #/settings right after the first load) was lost,
 * and the start-up redirect to #/network won. This remembers the last hash asked for during that
 * window and goes there once the router is ready.
 */
import type { Router } from 'vue-router';

/** What is read of the window: its hash and its history events (a plain object in the tests). */
export interface HashSource {
  readonly location: { readonly hash: string };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export function followHashAskedDuringStartup(router: Router, source: HashSource): void {
  let asked: string | null = null;
  // A hash change fires popstate (vue-router's own signal), not only hashchange, and before it.
  const remember = () => (asked = source.location.hash.slice(1) || '/');
  source.addEventListener('popstate', remember);
  // A navigation started in the app after that (a click on the rail) is the newer wish. The
  // start-up navigation's guards run in the task that loads the app, before any popstate.
  const stopForgetting = router.beforeEach(() => {
    asked = null;
  });
  const follow = () => {
    source.removeEventListener('popstate', remember);
    stopForgetting();
    if (asked !== null && asked !== router.currentRoute.value.fullPath) void router.replace(asked);
  };
  router.isReady().then(follow, follow);
}
