import { describe, expect, it } from 'vitest';
import { isGuessablePin, isPinShaped } from '../../src/domain';

describe('device PIN rules', () => {
  it('takes six digits and nothing else', () => {
    expect(isPinShaped('480713')).toBe(true);
    for (const pin of ['48071', '4807133', '48071a', '４８０７１３', ' 48071']) expect(isPinShaped(pin), pin).toBe(false);
  });

  it('refuses what everybody tries first', () => {
    for (const pin of ['000000', '777777', '123456', '012345', '654321', '890123', '121212', '123123', '909090']) {
      expect(isGuessablePin(pin), pin).toBe(true);
    }
    for (const pin of ['480713', '135792', '112358', '200105']) expect(isGuessablePin(pin), pin).toBe(false);
  });
});
