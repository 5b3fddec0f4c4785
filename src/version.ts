/**
 * This package's version, sent in `User-Agent` (`bella-js-sdk/{version} ({runtime}; @bella-baxter/sdk)`, the official JS SDK's name, which the product shows in audit logs).
 * A test keeps it equal to package.json's.
 *
 * @example
 * ```ts
 * import { SDK_VERSION } from '@bella-baxter/sdk';
 * console.log(`@bella-baxter/sdk ${SDK_VERSION}`);
 * ```
 */
export const SDK_VERSION = '0.1.0';
