import { describe, expect, it } from 'vitest';
import {
  channelLabel,
  deliveryStatusWords,
  deliverySummary,
  noticeKindWords,
  noticeOutcome,
} from '../../../dashboard/src/organiser/notice-format';
import { NOON_MS } from '../fixtures';

const sent = { status: 'sent' as const, heldUntil: null };
const pending = { status: 'pending' as const, heldUntil: null };
const failed = { status: 'failed' as const, heldUntil: null };

describe('the delivery log in words', () => {
  it('counts deliveries by state', () => {
    expect(deliverySummary([])).toBe('no deliveries');
    expect(deliverySummary([sent, sent, pending, failed])).toBe('2 sent · 1 waiting · 1 failed');
  });

  it('marks a notice by its worst delivery', () => {
    expect(noticeOutcome({ deliveries: [] })).toBe('none');
    expect(noticeOutcome({ deliveries: [sent, pending] })).toBe('pending');
    expect(noticeOutcome({ deliveries: [sent, pending, failed] })).toBe('failed');
    expect(noticeOutcome({ deliveries: [sent] })).toBe('sent');
  });

  it('says when a delivery waits for quiet hours to end', () => {
    const held = { status: 'pending' as const, heldUntil: new Date(NOON_MS + 3_600_000).toISOString() };
    expect(deliveryStatusWords(held, NOON_MS)).toBe('Held for quiet hours');
    expect(deliveryStatusWords(held, NOON_MS + 7_200_000)).toBe('Waiting to be sent');
    expect(deliveryStatusWords(failed, NOON_MS)).toBe('Failed');
  });

  it('names channels and notice kinds', () => {
    expect(channelLabel('email')).toBe('E-mail');
    expect(noticeKindWords('restock.opened')).toBe('Restock: opened');
    expect(noticeKindWords('restock.claim-reminder')).toBe('Restock: claim reminder');
    expect(noticeKindWords('foodSafety.warm')).toBe('Food safety: warm');
    expect(noticeKindWords('test')).toBe('Test');
  });
});
