import { createApi } from './client';
import { detectTransport } from './transports';
import { i18n } from '../i18n';

export { ApiError, type Api, type Input, type Output, type Result, type Method, type ErrorData } from './client';

/** The app's Api instance; stores import this. */
export const api = createApi(detectTransport(), () => i18n.global.locale.value);
