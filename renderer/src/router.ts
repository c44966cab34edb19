/** One route per job. Hash history: Electron serves the app from app://, the host from /. */
import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import { followHashAskedDuringStartup } from './startupHash';
import type { Method } from './api';
import { useAccountStore } from './stores/account';
import { useMapStore } from './stores/map';

export const VIEWS = ['queue', 'leads', 'map', 'network', 'dashboard', 'reports', 'settings', 'users'] as const;
export type ViewName = (typeof VIEWS)[number];

/**
 * The command each view is built on: in server mode a view shows in the menu, and opens, only
 * when the user's role may call it (the server refuses the rest anyway).
 */
export const VIEW_NEEDS: Record<ViewName, Method> = {
  queue: 'queue.list',
  leads: 'leads.list',
  map: 'coverage.summary',
  network: 'members.update',
  dashboard: 'kpi.dashboard',
  reports: 'reports.monthly',
  settings: 'settings.get',
  users: 'users.list',
};
const NEEDS_OF_ROUTE: Record<string, Method> = {
  ...VIEW_NEEDS,
  memberImport: 'members.import.run',
  import: 'intake.start',
  lead: 'leads.get',
  inbox: 'extranet.inbox',
  memberLead: 'extranet.lead',
  memberTeam: 'extranet.team',
  memberFigures: 'extranet.figures',
};

/** A member's person opens their inbox; the head office's people the first view of their role. */
const home = (account: ReturnType<typeof useAccountStore>) => ({ name: account.member ? 'inbox' : homeView(account.may) });

/** Where the app opens: the network (as it always has), or the first view this user's role may open. */
const HOME_ORDER: ViewName[] = ['network', 'queue', 'dashboard', 'leads', 'map', 'reports', 'users', 'settings'];
export function homeView(may: (method: Method) => boolean): ViewName {
  return HOME_ORDER.find((view) => may(VIEW_NEEDS[view])) ?? 'settings';
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => home(useAccountStore()) },
    { path: '/network', name: 'network', component: () => import('./views/NetworkView.vue') },
    { path: '/network/import', name: 'memberImport', component: () => import('./views/MemberImportView.vue') },
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
    // The map's 5,000 territories are asked for on entering, while the page's code loads (stores/map.ts prefetch).
    { path: '/map', name: 'map', component: () => import('./views/NetworkMapView.vue'), beforeEnter: () => useMapStore().prefetch() },
    { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue') },
    { path: '/leads', name: 'leads', component: () => import('./views/LeadsView.vue') },
    { path: '/leads/import', name: 'import', component: () => import('./views/ImportView.vue') },
    { path: '/leads/:id(\\d+)', name: 'lead', component: () => import('./views/LeadView.vue'), props: (route: RouteLocationNormalized) => ({ id: Number(route.params.id) }) },
    { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
    { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue') },
    { path: '/users', name: 'users', component: () => import('./views/UsersView.vue') },
    // The member extranet (server mode, a member's people).
    { path: '/m', name: 'inbox', component: () => import('./views/MemberInboxView.vue') },
    { path: '/m/leads/:id(\\d+)', name: 'memberLead', component: () => import('./views/MemberLeadView.vue'), props: (route: RouteLocationNormalized) => ({ id: Number(route.params.id) }) },
    { path: '/m/team', name: 'memberTeam', component: () => import('./views/MemberTeamView.vue') },
    { path: '/m/figures', name: 'memberFigures', component: () => import('./views/MemberFiguresView.vue') },
    { path: '/m/security', name: 'memberSecurity', component: () => import('./views/MemberSecurityView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

// The router is installed only for someone signed in (main.ts).
router.beforeEach((to) => {
  const needs = typeof to.name === 'string' ? NEEDS_OF_ROUTE[to.name] : undefined;
  const account = useAccountStore();
  if (needs && !account.may(needs)) return home(account);
});

followHashAskedDuringStartup(router, window);
