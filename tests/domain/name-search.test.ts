import { describe, expect, it } from 'vitest';
import { matchesName, nameKeys } from '../../src/domain/name-search';

describe('name search keys', () => {
  it('gives full pinyin and initials without tones', () => {
    expect(nameKeys('张晓明')).toEqual({ hanzi: '张晓明', full: 'zhangxiaoming', initials: 'zxm' });
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(nameKeys('单红').full.startsWith('shan')).toBe(true);
    expect(nameKeys('曾国强').full.startsWith('zeng')).toBe(true);
  });

  it('writes ü as v, as people type it', () => {
    expect(nameKeys('吕秀兰').full).toBe('lvxiulan');
    expect(matchesName(nameKeys('吕秀兰'), 'lüxiu')).toBe(true);
  });
});

describe('matching a query', () => {
  const keys = nameKeys('张晓明');

  it.each(['zxm', 'ZXM', 'zhangxiaoming', 'zhang xiao ming', 'xiaoming', '张晓', '晓明', 'zx', ''])('finds 张晓明 with %j', (q) => {
    expect(matchesName(keys, q)).toBe(true);
  });

  it.each(['wxm', 'zhangxiaohong', '王', 'zxmm'])('does not find 张晓明 with %j', (q) => {
    expect(matchesName(keys, q)).toBe(false);
  });
});
