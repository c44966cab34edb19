import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { vuetify } from './plugins/vuetify';
import { i18n } from './i18n';
import { router } from './router';
import { useFailuresStore } from './stores/failures';
import { useAccountStore } from './stores/account';
import { vAutofocus } from './directives/autofocus';
import { answerLink } from './answerLink';

const pinia = createPinia();
const app = createApp(App).use(pinia).use(i18n).use(vuetify).directive('autofocus', vAutofocus);

// A command that failed where no view catches it (an api.call in a handler or a store action)
// is shown to the user with its message and code (ApiErrorToast in App.vue).
const failures = useFailuresStore(pinia);
app.config.errorHandler = (error) => {
  failures.report(error);
};
window.addEventListener('unhandledrejection', (event) => {
  if (failures.report(event.reason)) event.preventDefault();
});

// In server mode the views depend on who is signed in: the router starts once /me answered, and
// only for someone signed in (signed out, the sign-in screen leaves the address as it is, so the
// reload after signing in opens the view asked for).
const account = useAccountStore(pinia);
void account.probe().finally(() => {
  // A mail's answer link has its page alone, whoever is signed in (answerLink.ts).
  if (account.ready && !answerLink) app.use(router);
  app.mount('#app');
});
