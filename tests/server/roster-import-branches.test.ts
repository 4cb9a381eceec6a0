import { describe, expect, it } from 'vitest';
import { matchBranch, type CommunityBranch } from '../../src/server/roster/branch-names';

const branch = (name: string, type: CommunityBranch['type'] = 'established'): CommunityBranch => ({ id: name, name, type });

describe('the 党支部 cell resolved to a branch of the community', () => {
  const branches = [branch('第一党支部'), branch('第二党支部'), branch('第十一党支部'), branch('老干部党支部'), branch('非建制党支部', 'non_established')];
  const found = (text: string) => {
    const match = matchBranch(text, branches);
    return 'branch' in match ? match.branch.name : match.reason;
  };

  it('takes the name as written, spaces and full-width forms aside', () => {
    expect(found('第一党支部')).toBe('第一党支部');
    expect(found(' 第二 党支部 ')).toBe('第二党支部');
    expect(found('老干部党支部')).toBe('老干部党支部');
  });

  it('takes it without the 党支部 ending, and by the branch number however it is written', () => {
    expect(found('老干部')).toBe('老干部党支部');
    expect(found('老干部支部')).toBe('老干部党支部');
    expect(found('非建制')).toBe('非建制党支部');
    for (const text of ['第一支部', '一支部', '第1党支部', '1支部', '第１党支部']) expect(found(text)).toBe('第一党支部');
    for (const text of ['第十一支部', '11支部', '十一支部']) expect(found(text)).toBe('第十一党支部');
    expect(found('第二')).toBe('第二党支部');
  });

  it('refuses a branch it cannot find, naming those there are', () => {
    expect(found('第三党支部')).toBe('未找到党支部「第三党支部」（本社区的党支部有：第一党支部、第二党支部、第十一党支部、老干部党支部、非建制党支部）');
    expect(found('离退休支部')).toContain('未找到党支部「离退休支部」');
    expect(matchBranch('第一党支部', [])).toEqual({ reason: '未找到党支部「第一党支部」（本社区还没有建立党支部）' });
  });

  it('refuses a number that names two branches, asking for the full name', () => {
    const two = [branch('离退休第一党支部'), branch('在职第一党支部')];
    expect(matchBranch('第一支部', two)).toEqual({ reason: '党支部「第一支部」可能是 离退休第一党支部、在职第一党支部，请在表格中写全称' });
    expect(matchBranch('离退休第一党支部', two)).toEqual({ branch: two[0] });
  });
});
