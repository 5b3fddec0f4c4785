export { BaxterError, isBaxterError, type BaxterErrorOptions } from './baxter-error.js';
export { BaxterConfigError, isBaxterConfigError } from './config-error.js';
export { BaxterApiError, isBaxterApiError, type ProblemDetails } from './api-error.js';
export { BaxterNetworkError, isBaxterNetworkError } from './network-error.js';
export { BaxterTimeoutError, isBaxterTimeoutError } from './timeout-error.js';
export { BaxterResponseError, isBaxterResponseError, type ResponseIssue } from './response-error.js';
export { BaxterUnsupportedError, isBaxterUnsupportedError } from './unsupported-error.js';
export type { RequestContext } from './request-context.js';
