import { describe, expect, it } from 'vitest';
import { describeChange, describeChanges, describeRestockChanges } from '../../dashboard/src/announcements';
import { makeClaimed, makeFridge, makeRequest, NOON_MS } from './fixtures';

const before = makeFridge();

describe('describeChange', () => {
  it('announces a new stock level in words', () => {
    const after = makeFridge({ stock: { ...before.stock, kg: 2, percent: 5, level: 'empty' } });
    expect(describeChange(before, after)).toBe('Main St fridge: stock now Empty.');
  });

  it('announces the rules turning it too warm and cold again, and going offline', () => {
    const warm = makeFridge({
      temperature: {
        celsius: 7.3,
        asOf: null,
        status: 'warning',
        since: null,
        text: 'Too warm for 31 min: take no meat, dairy or cooked food',
      },
      online: false,
    });
    expect(describeChange(before, warm)).toBe(
      'Main St fridge: Too warm for 31 min: take no meat, dairy or cooked food, offline.',
    );
    expect(describeChange(warm, before)).toBe('Main St fridge: cold again, 4.2 °C, back online.');
  });

  it('stays quiet about weights, temperatures and doors that change within a level', () => {
    const after = makeFridge({
      stock: { ...before.stock, kg: 13 },
      // A warm reading the rules do not flag (a door opening) is not announced either.
      temperature: { celsius: 7.5, asOf: null, status: 'ok', since: null, text: null },
      door: { open: true, since: null },
    });
    expect(describeChange(before, after)).toBeNull();
    expect(describeChange(undefined, after)).toBeNull();
  });
});

describe('describeChanges', () => {
  it('reports changed, new and removed fridges on the list', () => {
    const other = makeFridge({ id: 'other', name: 'Other fridge' });
    const emptied = makeFridge({ stock: { ...before.stock, level: 'empty' } });
    const added = makeFridge({ id: 'added', name: 'New pantry', kind: 'pantry' });
    expect(describeChanges({ 'main-st': before, other }, { 'main-st': emptied, added })).toEqual([
      'Main St fridge: stock now Empty.',
      'New: New pantry.',
      'Other fridge was removed.',
    ]);
  });

  it('keeps to one fridge on its own page', () => {
    const other = makeFridge({ id: 'other', name: 'Other fridge', online: true });
    const otherOffline = { ...other, online: false };
    expect(
      describeChanges({ 'main-st': before, other }, { 'main-st': before, other: otherOffline }, 'main-st'),
    ).toEqual([]);
  });
});

describe('describeRestockChanges', () => {
  const nameOf = (id: string) => (id === 'main-st' ? 'Main St fridge' : id);
  const utc = { locale: 'en-GB', timeZone: 'UTC' };
  const announce = (
    previous: Parameters<typeof describeRestockChanges>[0],
    next: Parameters<typeof describeRestockChanges>[1],
    onlyId: string | null = null,
  ) => describeRestockChanges(previous, next, nameOf, NOON_MS, onlyId, utc);
  const open = makeRequest();
  const claimed = makeClaimed('2025-06-01T17:30:00.000Z');

  it('announces a new request, a volunteer on the way, a claim given back and a closed request', () => {
    expect(announce({}, { 'main-st': open })).toEqual(['Main St fridge: restock requested.']);
    expect(announce({ 'main-st': open }, { 'main-st': claimed })).toEqual([
      'Main St fridge: a volunteer is on the way, ETA 17:30.',
    ]);
    expect(announce({ 'main-st': claimed }, { 'main-st': open })).toEqual([
      'Main St fridge: restock request open again.',
    ]);
    expect(announce({ 'main-st': claimed }, {})).toEqual(['Main St fridge: restock request closed.']);
  });

  it('announces a new ETA, and nothing when nothing a listener cares about changed', () => {
    const later = makeClaimed('2025-06-01T18:00:00.000Z');
    expect(announce({ 'main-st': claimed }, { 'main-st': later })).toEqual([
      'Main St fridge: a volunteer is on the way, ETA 18:00.',
    ]);
    expect(announce({ 'main-st': open }, { 'main-st': { ...open, circle: 'area' } })).toEqual([]);
  });

  it('treats a different request for the same fridge as a new one', () => {
    expect(announce({ 'main-st': open }, { 'main-st': makeRequest({ id: 'r-ffffffffffff' }) })).toEqual([
      'Main St fridge: restock requested.',
    ]);
  });

  it('keeps to one fridge on its own page', () => {
    const elm = makeRequest({ fridgeId: 'elm-st' });
    expect(announce({}, { 'main-st': open, 'elm-st': elm }, 'elm-st')).toEqual([
      'elm-st: restock requested.',
    ]);
  });
});
