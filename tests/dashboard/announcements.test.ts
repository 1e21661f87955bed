import { describe, expect, it } from 'vitest';
import { describeChange, describeChanges } from '../../dashboard/src/announcements';
import { makeFridge } from './fixtures';

const before = makeFridge();

describe('describeChange', () => {
  it('announces a new stock level in words', () => {
    const after = makeFridge({ stock: { ...before.stock, kg: 2, percent: 5, level: 'empty' } });
    expect(describeChange(before, after)).toBe('Main St fridge: stock now Empty.');
  });

  it('announces turning warm and cold again, and going offline', () => {
    const warm = makeFridge({ temperature: { celsius: 7.3, asOf: null }, online: false });
    expect(describeChange(before, warm)).toBe('Main St fridge: warm, 7.3 °C, offline.');
    expect(describeChange(warm, before)).toBe('Main St fridge: cold again, 4.2 °C, back online.');
  });

  it('stays quiet about weights, temperatures and doors that change within a level', () => {
    const after = makeFridge({
      stock: { ...before.stock, kg: 13 },
      temperature: { celsius: 4.5, asOf: null },
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
