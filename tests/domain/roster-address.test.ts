import { describe, expect, it } from 'vitest';
import { Address, splitAddress } from '../../src/domain';

describe('splitting 家庭住址 into walking-order parts', () => {
  it('reads the usual forms', () => {
    const cases: Array<[string, Address]> = [
      ['永清苑3号楼2单元301', { compound: '永清苑', building: '3', unit: '2', room: '301' }],
      ['永清苑3-2-301', { compound: '永清苑', building: '3', unit: '2', room: '301' }],
      ['永清苑3#2-301', { compound: '永清苑', building: '3', unit: '2', room: '301' }],
      ['永清苑3号楼2-301', { compound: '永清苑', building: '3', unit: '2', room: '301' }],
      ['光明小区3栋2单元3楼301室', { compound: '光明小区', building: '3', unit: '2', room: '301' }],
      ['光明小区12幢二单元502', { compound: '光明小区', building: '12', unit: '2', room: '502' }],
      ['XX路12号院5号楼1门502', { compound: 'XX路12号院', building: '5', unit: '1', room: '502' }],
      ['永清苑 3 号楼 2 单元 301 室', { compound: '永清苑', building: '3', unit: '2', room: '301' }],
      ['永清苑３号楼２单元５０２', { compound: '永清苑', building: '3', unit: '2', room: '502' }],
      ['永清苑A座1单元1201', { compound: '永清苑', building: 'A', unit: '1', room: '1201' }],
    ];
    for (const [text, address] of cases) {
      expect(splitAddress(text), text).toEqual({ address, notices: [] });
      expect(Address.parse(address)).toEqual(address);
    }
  });

  it('strips 省/市/区/街道 written before the compound', () => {
    const expected = { compound: '永清苑', building: '3', unit: '2', room: '301' };
    for (const text of ['杭州市西湖区文新街道永清苑3-2-301', '浙江省杭州市西湖区永清苑3-2-301', '西湖区永清苑3-2-301', '文新街道永清社区永清苑3-2-301']) {
      expect(splitAddress(text).address, text).toEqual(expected);
    }
    // A lone 市 may be the compound's own name, and a 社区 with nothing after it is the compound.
    expect(splitAddress('城市花园3-2-301').address.compound).toBe('城市花园');
    expect(splitAddress('永清社区3号楼2单元301').address.compound).toBe('永清社区');
    expect(splitAddress('杭州市光明小区3栋2单元301').address.compound).toBe('杭州市光明小区');
  });

  it('marks a missing unit with — rather than guessing 1', () => {
    expect(splitAddress('永清苑3号楼301')).toEqual({
      address: { compound: '永清苑', building: '3', unit: '—', room: '301' },
      notices: ['家庭住址「永清苑3号楼301」没有单元号，单元记为“—”，请核对'],
    });
  });

  it('puts the floor into a short room number', () => {
    expect(splitAddress('光明小区3栋2单元3楼1室')).toEqual({
      address: { compound: '光明小区', building: '3', unit: '2', room: '301' },
      notices: ['家庭住址「光明小区3栋2单元3楼1室」的室号按楼层记为 301，请核对'],
    });
  });

  it('keeps an address it cannot split, as the compound, with a notice', () => {
    expect(splitAddress('幸福村45号')).toEqual({
      address: { compound: '幸福村45号', building: '—', unit: '—', room: '—' },
      notices: ['家庭住址「幸福村45号」无法拆分为小区、楼号、单元和室号，已整体记为小区名，其余记为“—”，请核对'],
    });
    const long = `${'很长的地名'.repeat(10)}平房`;
    const split = splitAddress(long);
    expect(split.address.compound).toHaveLength(40);
    expect(split.notices[0]).toBe('家庭住址超过 40 个字，只保留了前 40 个字');
    expect(Address.parse(split.address)).toEqual(split.address);
    expect(splitAddress('3-2-301')).toEqual({
      address: { compound: '—', building: '3', unit: '2', room: '301' },
      notices: ['家庭住址「3-2-301」没有写小区名，小区记为“—”，请补充'],
    });
  });
});
