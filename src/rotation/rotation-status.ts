/**
 * The display badge of a rotation policy, from what the server says it is doing
 * and when the next rotation is due. Pure: no I/O, no
 * Node built-ins, no clock other than the `now` it is given (or `Date.now()`).
 */

/**
 * The badge of a rotation policy.
 *
 * @example
 * ```ts
 * import type { RotationStatus } from '@bella-baxter/sdk';
 * const needsAttention = (s: RotationStatus) => s === 'overdue' || s === 'error';
 * ```
 */
export type RotationStatus =
  | 'up-to-date'
  | 'due-soon'
  | 'overdue'
  | 'rotating'
  | 'pending-revocation'
  | 'error';

/**
 * A badge with the product's label and emoji, ready to display.
 *
 * @example
 * ```ts
 * import type { RotationStatusInfo } from '@bella-baxter/sdk';
 * const render = ({ emoji, label }: RotationStatusInfo) => `${emoji} ${label}`;
 * ```
 */
export interface RotationStatusInfo {
  readonly status: RotationStatus;
  /** `Up to date`, `Due soon`, `Overdue`, `Rotating…`, `Pending revocation` or `Error`. */
  readonly label: string;
  /** ✅, ⚠️, 🔴, 🔵, ⏳ or 🔴. */
  readonly emoji: string;
}

/**
 * The parts of a rotation policy (as read back from the server, or any object of
 * that shape) that decide its badge.
 *
 * @example
 * ```ts
 * import type { RotationPolicyStatusInput } from '@bella-baxter/sdk';
 * const policy: RotationPolicyStatusInput = { rotationStatus: 'Idle', isOverdue: false, nextRotationAt: '2026-04-01T00:00:00Z' };
 * ```
 */
export interface RotationPolicyStatusInput {
  /**
   * What the server is doing (the real server's `RotationPolicyInfo.rotationStatus`):
   * `Idle`, `Rotating`, `PendingRevocation` or `Error`. Missing, `null` or a
   * value this SDK does not know counts as `Idle`.
   */
  rotationStatus?: 'Idle' | 'Rotating' | 'PendingRevocation' | 'Error' | (string & {}) | null;
  /** The same, under the name earlier versions of this SDK used; `rotationStatus` wins when both are set. */
  status?: 'Idle' | 'Rotating' | 'PendingRevocation' | 'Error' | (string & {}) | null;
  /**
   * The server's verdict on whether the rotation is past due. When it is a
   * boolean it decides overdue-or-not (the server's clock, not this machine's,
   * is the reference); missing or `null`, `nextRotationAt` decides.
   */
  isOverdue?: boolean | null;
  /**
   * When the next rotation is due: an ISO-8601 string as on the wire, or a `Date`.
   * Missing, `null` or `''` means no rotation is scheduled, so nothing is due: `up-to-date`.
   */
  nextRotationAt?: string | Date | null;
}

/**
 * "Due soon" means due within this many days (inclusive), per the product's
 * badge rules: 7. {@link rotationStatus} uses it.
 *
 * @example
 * ```ts
 * import { DUE_SOON_DAYS } from '@bella-baxter/sdk';
 * console.log(`Rotations due within ${DUE_SOON_DAYS} days show as ⚠️ Due soon`);
 * ```
 */
export const DUE_SOON_DAYS = 7;
const DUE_SOON_MS = DUE_SOON_DAYS * 24 * 60 * 60 * 1000;

// Frozen so a caller cannot mutate the shared objects every call returns.
const BADGES: { readonly [S in RotationStatus]: RotationStatusInfo } = Object.freeze({
  'up-to-date': Object.freeze({ status: 'up-to-date', label: 'Up to date', emoji: '✅' }),
  'due-soon': Object.freeze({ status: 'due-soon', label: 'Due soon', emoji: '⚠️' }),
  overdue: Object.freeze({ status: 'overdue', label: 'Overdue', emoji: '🔴' }),
  rotating: Object.freeze({ status: 'rotating', label: 'Rotating…', emoji: '🔵' }),
  'pending-revocation': Object.freeze({ status: 'pending-revocation', label: 'Pending revocation', emoji: '⏳' }),
  error: Object.freeze({ status: 'error', label: 'Error', emoji: '🔴' }),
});

/**
 * Wire statuses that decide the badge on their own, keyed case- and
 * separator-insensitively so `PendingRevocation`, `pending_revocation` and
 * `pending-revocation` all match (servers differ in how they serialise enums).
 */
const WIRE: Readonly<Record<string, RotationStatus>> = {
  rotating: 'rotating',
  pendingrevocation: 'pending-revocation',
  error: 'error',
};

function toMillis(value: string | Date | number, what: string): number {
  const ms =
    typeof value === 'number' ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new TypeError(`@bella-baxter/sdk: ${what} is not a valid date or ISO-8601 timestamp`);
  }
  return ms;
}

/**
 * The badge of a rotation policy, by the product's rules:
 *
 * - wire status (`rotationStatus`, or `status`) `Rotating` → `rotating`
 *   (🔵 Rotating…), `PendingRevocation` → `pending-revocation`
 *   (⏳ Pending revocation), `Error` → `error` (🔴 Error), whatever the dates say;
 * - otherwise (`Idle`, missing, or a status this SDK does not know):
 *   `isOverdue: true` → `overdue` (🔴 Overdue); else from `nextRotationAt`:
 *   at or before `now` → `overdue` (but `due-soon` when the server said
 *   `isOverdue: false`: its clock decides); within 7 days of `now`, 7 days
 *   included → `due-soon` (⚠️ Due soon); later, or no `nextRotationAt` at all
 *   (nothing scheduled) → `up-to-date` (✅ Up to date).
 *
 * @param policy - a policy read back from the server (`RotationPolicyInfo`), or any object with those fields.
 * @param now - the moment to judge against (a `Date` or epoch milliseconds); defaults to the current time.
 * @returns a frozen `{ status, label, emoji }`.
 * @throws {TypeError} when `nextRotationAt` (needed) or `now` is not a valid date.
 * @example
 * ```ts
 * import { rotationStatus } from '@bella-baxter/sdk';
 * const { emoji, label } = rotationStatus({ rotationStatus: 'Idle', isOverdue: false, nextRotationAt: '2026-03-20T00:00:00Z' },
 *   new Date('2026-03-17T00:00:00Z'));
 * console.log(`${emoji} ${label}`); // "⚠️ Due soon"
 * ```
 */
export function rotationStatus(
  policy: RotationPolicyStatusInput,
  now: Date | number = Date.now(),
): RotationStatusInfo {
  const raw = typeof policy.rotationStatus === 'string' ? policy.rotationStatus : policy.status;
  const wire = typeof raw === 'string' ? raw.toLowerCase().replace(/[-_\s]/g, '') : '';
  const direct = Object.hasOwn(WIRE, wire) ? WIRE[wire] : undefined;
  if (direct !== undefined) return BADGES[direct];
  if (policy.isOverdue === true) return BADGES.overdue;

  const next = policy.nextRotationAt;
  if (next === undefined || next === null || next === '') return BADGES['up-to-date'];
  const remaining = toMillis(next, 'nextRotationAt') - toMillis(now, 'now');
  if (remaining <= 0) return policy.isOverdue === false ? BADGES['due-soon'] : BADGES.overdue;
  if (remaining <= DUE_SOON_MS) return BADGES['due-soon'];
  return BADGES['up-to-date'];
}
