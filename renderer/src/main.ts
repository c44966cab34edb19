import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { vuetify } from './plugins/vuetify';
import { i18n } from './i18n';
import { router } from './router';
import { useFailuresStore } from './stores/failures';

const pinia = createPinia();
const app = createApp(App).use(pinia).use(i18n).use(vuetify).use(router);

// A command that failed where no view catches it (an api.call in a handler or a store action)
// is shown to the user with its message and code (ApiErrorToast in App.vue).
const failures = useFailuresStore(pinia);
app.config.errorHandler = (error) => {
  failures.report(error);
};
window.addEventListener('unhandledrejection', (event) => {
  if (failures.report(event.reason)) event.preventDefault();
});

app.mount('#app');
