export type { GetOptions, HttpResponse, Timeouts } from './get.ts';
export { DEFAULT_TIMEOUTS, get } from './get.ts';
export { HttpError } from './http-error.ts';
export { proxyFor } from './proxy.ts';
