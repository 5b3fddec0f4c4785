import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DUE_SOON_DAYS,
  rotationStatus,
  type RotationPolicyStatusInput,
  type RotationStatus,
} from '../../src/rotation/rotation-status.js';

const NOW = new Date('2026-03-17T17:00:00Z');
const MS = 1;
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number): string => new Date(NOW.getTime() + offsetMs).toISOString();
const badge = (policy: RotationPolicyStatusInput, now: Date | number = NOW): RotationStatus =>
  rotationStatus(policy, now).status;

describe('rotationStatus', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the product label and emoji for every badge', () => {
    const far = at(30 * DAY);
    expect(rotationStatus({ status: 'Idle', nextRotationAt: far }, NOW)).toEqual({ status: 'up-to-date', label: 'Up to date', emoji: '✅' });
    expect(rotationStatus({ status: 'Idle', nextRotationAt: at(DAY) }, NOW)).toEqual({ status: 'due-soon', label: 'Due soon', emoji: '⚠️' });
    expect(rotationStatus({ status: 'Idle', nextRotationAt: at(-DAY) }, NOW)).toEqual({ status: 'overdue', label: 'Overdue', emoji: '🔴' });
    expect(rotationStatus({ status: 'Rotating', nextRotationAt: far }, NOW)).toEqual({ status: 'rotating', label: 'Rotating…', emoji: '🔵' });
    expect(rotationStatus({ status: 'PendingRevocation', nextRotationAt: far }, NOW)).toEqual({
      status: 'pending-revocation',
      label: 'Pending revocation',
      emoji: '⏳',
    });
    expect(rotationStatus({ status: 'Error', nextRotationAt: far }, NOW)).toEqual({ status: 'error', label: 'Error', emoji: '🔴' });
  });

  describe('Idle: the badge comes from nextRotationAt', () => {
    it.each([
      ['one day past due', -DAY, 'overdue'],
      ['1 ms past due', -MS, 'overdue'],
      ['due exactly now', 0, 'overdue'],
      ['due in 1 ms', MS, 'due-soon'],
      ['due in 3 days', 3 * DAY, 'due-soon'],
      ['due in exactly 7 days', 7 * DAY, 'due-soon'],
      ['due in 7 days and 1 ms', 7 * DAY + MS, 'up-to-date'],
      ['due in 8 days', 8 * DAY, 'up-to-date'],
    ] as const)('%s → %s', (_name, offset, expected) => {
      expect(badge({ status: 'Idle', nextRotationAt: at(offset) })).toBe(expected);
    });

    it('uses a 7-day due-soon window', () => {
      expect(DUE_SOON_DAYS).toBe(7);
    });

    it('accepts a Date as well as an ISO-8601 string, and epoch milliseconds for now', () => {
      const due = new Date(NOW.getTime() + 7 * DAY);
      expect(badge({ status: 'Idle', nextRotationAt: due })).toBe('due-soon');
      expect(badge({ status: 'Idle', nextRotationAt: due }, NOW.getTime() - MS)).toBe('up-to-date');
      // Offsets other than Z are honoured: 19:00+02:00 is 17:00Z, i.e. exactly now.
      expect(badge({ status: 'Idle', nextRotationAt: '2026-03-17T19:00:00+02:00' })).toBe('overdue');
    });

    it('treats a missing status, or one this SDK does not know, as Idle', () => {
      expect(badge({ nextRotationAt: at(-DAY) })).toBe('overdue');
      expect(badge({ status: null, nextRotationAt: at(DAY) })).toBe('due-soon');
      expect(badge({ status: 'Disabled', nextRotationAt: at(30 * DAY) })).toBe('up-to-date');
    });

    it('treats no nextRotationAt (nothing scheduled) as up to date', () => {
      expect(badge({ status: 'Idle' })).toBe('up-to-date');
      expect(badge({ status: 'Idle', nextRotationAt: null })).toBe('up-to-date');
      expect(badge({ status: 'Idle', nextRotationAt: '' })).toBe('up-to-date');
      expect(badge({})).toBe('up-to-date');
    });

    it('defaults now to the current time', () => {
      vi.useFakeTimers({ now: NOW });
      expect(rotationStatus({ status: 'Idle', nextRotationAt: at(7 * DAY) }).status).toBe('due-soon');
      vi.setSystemTime(NOW.getTime() + 7 * DAY);
      expect(rotationStatus({ status: 'Idle', nextRotationAt: at(7 * DAY) }).status).toBe('overdue');
    });

    it('throws a TypeError for a timestamp that is not a date', () => {
      expect(() => rotationStatus({ status: 'Idle', nextRotationAt: 'next tuesday' }, NOW)).toThrow(
        /^@bella-baxter\/sdk: nextRotationAt is not a valid date/,
      );
      expect(() => rotationStatus({ nextRotationAt: new Date(Number.NaN) }, NOW)).toThrow(TypeError);
      expect(() => rotationStatus({ nextRotationAt: at(DAY) }, new Date('nope'))).toThrow(/^@bella-baxter\/sdk: now is not a valid date/);
    });
  });

  describe('Rotating, PendingRevocation and Error decide on their own', () => {
    it.each([
      ['Rotating', 'rotating'],
      ['PendingRevocation', 'pending-revocation'],
      ['Error', 'error'],
    ] as const)('%s → %s, whatever nextRotationAt says', (wire, expected) => {
      for (const next of [at(-DAY), at(DAY), at(30 * DAY), null, undefined, 'not a date']) {
        expect(badge({ status: wire, nextRotationAt: next })).toBe(expected);
      }
    });

    it('matches wire statuses regardless of case and separators', () => {
      expect(badge({ status: 'rotating' })).toBe('rotating');
      expect(badge({ status: 'pending_revocation' })).toBe('pending-revocation');
      expect(badge({ status: 'pending-revocation' })).toBe('pending-revocation');
      expect(badge({ status: 'ERROR' })).toBe('error');
      expect(badge({ status: 'IDLE', nextRotationAt: at(-DAY) })).toBe('overdue');
    });

    it('does not mistake inherited property names for statuses', () => {
      expect(badge({ status: 'constructor', nextRotationAt: at(30 * DAY) })).toBe('up-to-date');
      expect(badge({ status: '__proto__', nextRotationAt: at(30 * DAY) })).toBe('up-to-date');
    });
  });

  describe('the real server\'s RotationPolicyInfo (rotationStatus, isOverdue)', () => {
    it('reads rotationStatus, which wins over the older status field', () => {
      expect(badge({ rotationStatus: 'Rotating', nextRotationAt: at(30 * DAY) })).toBe('rotating');
      expect(badge({ rotationStatus: 'PendingRevocation', status: 'Idle' })).toBe('pending-revocation');
      expect(badge({ rotationStatus: 'Error', isOverdue: true })).toBe('error');
    });

    it('isOverdue: true is overdue even when this machine\'s clock says the date is still ahead', () => {
      expect(badge({ rotationStatus: 'Idle', isOverdue: true, nextRotationAt: at(30 * DAY) })).toBe('overdue');
      expect(badge({ rotationStatus: null, isOverdue: true, nextRotationAt: null })).toBe('overdue');
    });

    it('isOverdue: false is never overdue (the server\'s clock decides): a date this machine sees as past is due soon', () => {
      expect(badge({ rotationStatus: 'Idle', isOverdue: false, nextRotationAt: at(-DAY) })).toBe('due-soon');
      expect(badge({ rotationStatus: 'Idle', isOverdue: false, nextRotationAt: at(30 * DAY) })).toBe('up-to-date');
    });

    it('tolerates statuses it does not know and all-null policies', () => {
      expect(badge({ rotationStatus: 'Queued', isOverdue: null, nextRotationAt: at(3 * DAY) })).toBe('due-soon');
      expect(badge({ rotationStatus: null, isOverdue: null, nextRotationAt: null })).toBe('up-to-date');
    });
  });

  it('returns frozen results, so shared badges cannot be changed by a caller', () => {
    const info = rotationStatus({ status: 'Error' });
    expect(Object.isFrozen(info)).toBe(true);
  });

  it('is pure and portable: imports nothing, Node built-ins included', () => {
    const source = readFileSync(new URL('../../src/rotation/rotation-status.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
