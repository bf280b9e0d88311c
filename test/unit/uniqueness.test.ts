import { describe, expect, it } from 'vitest';
import { StateType } from '../../src/domain/constants';
import { claimedValue, ruleWording } from '../../src/domain/machine/uniqueness';

const open = { creator: 'ops', isDeleted: false, stateTypeId: StateType.NORMAL, values: { asset_id: 'A-1', seats: 3, empty: '', none: null } };

describe('claimedValue: what an open ticket holds under its workflow rule', () => {
  it('holds nothing without a rule, once deleted, or in an end state', () => {
    expect(claimedValue('', open)).toBeNull();
    expect(claimedValue('creator', { ...open, isDeleted: true })).toBeNull();
    expect(claimedValue('creator', { ...open, stateTypeId: StateType.END })).toBeNull();
  });

  it('holds its creator, or the value of the rule field (a number as its text); an empty field holds nothing', () => {
    expect(claimedValue('creator', open)).toBe('ops');
    expect(claimedValue('creator', { ...open, stateTypeId: StateType.START })).toBe('ops');
    expect(claimedValue('asset_id', open)).toBe('A-1');
    expect(claimedValue('seats', open)).toBe('3');
    for (const key of ['empty', 'none', 'missing']) expect(claimedValue(key, open)).toBeNull();
  });

  it('words the rule for refusals', () => {
    expect(ruleWording('creator')).toBe('one open ticket per creator');
    expect(ruleWording('asset_id')).toBe('one open ticket per value of asset_id');
  });
});
