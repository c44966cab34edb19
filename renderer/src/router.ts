/** One route per job. Hash history: Electron serves the app from app://, the host from /. */
import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import { followHashAskedDuringStartup } from './startupHash';

export const VIEWS = ['queue', 'leads', 'map', 'network', 'dashboard', 'reports', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/network' },
    { path: '/network', name: 'network', component: () => import('./views/NetworkView.vue') },
    { path: '/network/import', name: 'memberImport', component: () => import('./views/MemberImportView.vue') },
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
    { path: '/map', name: 'map', component: () => import('./views/NetworkMapView.vue') },
    { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue') },
    { path: '/leads', name: 'leads', component: () => import('./views/LeadsView.vue') },
    { path: '/leads/import', name: 'import', component: () => import('./views/ImportView.vue') },
    { path: '/leads/:id(\\d+)', name: 'lead', component: () => import('./views/LeadView.vue'), props: (route: RouteLocationNormalized) => ({ id: Number(route.params.id) }) },
    { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
    { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/network' },
  ],
});

followHashAskedDuringStartup(router, window);
