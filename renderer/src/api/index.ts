import { createApi } from './client';
import { detectTransport } from './transports';
import { i18n } from '../i18n';

export { ApiError, type Api, type Input, type Output, type Result, type Method, type ErrorData } from './client';

const detected = detectTransport();
/** The app's Api instance; stores import this. */
export const api = createApi(detected.transport, () => i18n.global.locale.value);
/** True when the page talks to a server where people sign in (not the desktop app or browser mode). */
export const serverMode = detected.server;
