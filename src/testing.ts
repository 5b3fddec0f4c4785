/**
 * `@bella-baxter/sdk/testing`: a local Bella Baxter emulator for tests and demos.
 * msw is an optional peer dependency: only `emulator.handlers` needs it.
 */
export { BaxterEmulator, createBaxterEmulator } from './testing/create-emulator.js';
export { BaxterEmulatorCore, type BaxterEmulatorOptions, type SeededEnvironment } from './testing/emulator.js';
export { EmulatorClock } from './testing/clock.js';
export type { FaultRule } from './testing/faults.js';
export type { LoggedRequest } from './testing/request-log.js';
export type { ListenOptions, ListeningServer } from './testing/server.js';
export type { EmulatorSeed } from './testing/store.js';
export type { EmulatorSecretRef } from './testing/emulator.js';
export type { RotationEngine, RotationEngineOptions, EmulatorRotationPolicy, RotationLogEntry, PolicyWireStatus } from './testing/rotation-engine.js';
export type { LeaseBook, EmulatorLease, CredentialsProviderSettings } from './testing/leases.js';
