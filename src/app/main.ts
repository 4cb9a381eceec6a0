import './styles/vant.css';
import './styles/app.css';
import './styles/print.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, savedLocale } from './i18n';
import { createAppRouter } from './router';

const app = createApp(App);
// Pinia first: the router's guard reads the session store.
app.use(createPinia());
app.use(createAppI18n(savedLocale()));
app.use(createAppRouter());
app.mount('#app');
