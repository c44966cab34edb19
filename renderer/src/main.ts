import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { vuetify } from './plugins/vuetify';
import { i18n } from './i18n';
import { router } from './router';

createApp(App).use(createPinia()).use(i18n).use(vuetify).use(router).mount('#app');
