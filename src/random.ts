/**
 * `@bella-baxter/sdk/random`: cryptographically secure values in the formats a
 * GenerateRandom rotation policy names. Web Crypto only, no Node built-ins: it
 * loads on Workers, Deno, Bun and browsers as well as Node.
 *
 * @packageDocumentation
 */
export { generateRandom } from './random/generate.js';
export { RANDOM_FORMATS, isRandomFormat } from './random/formats.js';
export type { RandomFormat } from './random/formats.js';
