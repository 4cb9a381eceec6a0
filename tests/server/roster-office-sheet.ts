import { randomUUID } from 'node:crypto';
import type { RosterImportReport } from '../../src/domain';
import { createBranch, createCommunity, createStreet } from '../../src/server/services/organisations';
import { createUser } from '../../src/server/services/users';
import { makeIdNumber } from '../support/messy-roster';
import type { TestBackend } from './harness';
import type { SheetRow } from './roster-support';

/** The import's today in these tests: a winter day, so 冬季在三亚（11月至次年3月） is away now. */
export const TODAY = '2026-01-15';

export const ID = {
  wang: makeIdNumber('11010519450312123'),
  li: makeIdNumber('33010619470615002'),
  zhao: makeIdNumber('37020219440501241'),
  chen: makeIdNumber('44030519451205004'),
  sun: makeIdNumber('51010419500203006'),
  zhou: makeIdNumber('21010219381008151'),
  wu: makeIdNumber('32010219490909002'),
  zheng: makeIdNumber('42010619480808133'),
};

export const HEADER = [
  '序号', '姓名', '性别', '民族', '出生年月', '入党时间', '身份证号', '联系电话', '家庭住址',
  '紧急联系人', '紧急联系电话', '月基本离退休费', '党组织关系', '所在党支部', '备注',
];

/**
 * A 花名册 as an office keeps it (docs/DOMAIN.md §8): a merged title, a 填报单位 line, the header, a 党支部 merged
 * down two members, values as typed, an ID Excel turned into a number, a blank row, a repeated member, a row
 * with neither name nor ID, an unknown branch and a 合计 row.
 */
export function officeSheet(): { rows: SheetRow[]; merges: string[] } {
  return {
    rows: [
      ['光明社区离退休干部党员花名册（2026年）'],
      ['填报单位：光明社区居委会', null, null, null, null, null, null, null, null, null, null, '填报日期：2026年1月10日'],
      HEADER,
      [1, '王  华', '男', '汉', '1945.03', '1965-7-1', ID.wang, '139 0000 1111', '永清苑3号楼2单元301', '王小华（儿子）', '13800001111', '3,200.50', '社区', '第一党支部', '独居'],
      [2, '李明', '女', '汉族', new Date(Date.UTC(1947, 5, 15)), '1970年7月', ID.li, '１３９００００２２２２', '永清苑3-2-302', null, null, '3200元', '本支部', null, null],
      [],
      [3, '赵刚', '男', null, '1944年5月', '1966.05', Number(ID.zhao.replace('X', '0')), '13900004444', '永清苑1号楼1单元101', null, null, 2900, null, '第一党支部', null],
      [4, '陈静', '女', null, 16776, null, ID.chen, '13900003333', '光明小区3栋2单元3楼301室', null, null, 4100, '群众', null, '爱好书法'],
      [5, '孙丽', '女', null, '1950-2-3', '1975.07', ID.sun, null, '幸福家园5-1-101', null, null, 2800, null, '离退休干部党支部', null],
      [6, '周强', '男', null, '1938.10', '1960.3', ID.zhou, null, '永清苑2号楼1单元201', null, null, null, null, '第二党支部', '已故（2025.3）'],
      [7, '吴敏', '女', null, '1949-09-09', '1972-05-01', ID.wu, '13900005555', '永清苑4号楼1单元102', null, null, 3500, null, '第二党支部', '冬季在三亚（11月至次年3月）'],
      [8, '王华', '男', '汉', '1945.03', '1965-7-1', ID.wang, '13900001111', '永清苑3号楼2单元301', null, null, null, '社区', '第一党支部', null],
      [9, null, '男', null, '1946.01', null, null, '13900006666', '永清苑5号楼1单元101', null, null, null, null, null, null],
      [10, '郑平', '男', null, '1948-08-08', '1970-01-01', ID.zheng, null, '永清苑6号楼1单元101', null, null, null, null, '第九党支部', null],
      ['合计', '共 10 人', null, null, null, null, null, null, null, null, null, 16400.5],
    ],
    merges: ['A1:O1', 'N4:N5'],
  };
}

export async function newCommunity(db: TestBackend['storage']['db'], name = '光明社区') {
  const street = await createStreet(db, `${name}街道`);
  const community = await createCommunity(db, street.id, name);
  const first = await createBranch(db, community.id, 'established', '第一党支部');
  const second = await createBranch(db, community.id, 'established', '第二党支部');
  const nonEstablished = await createBranch(db, community.id, 'non_established', '离退休干部党支部');
  const admin = await createUser(db, {
    username: `admin-${randomUUID().slice(0, 8)}`,
    displayName: '管理员',
    role: 'admin',
    communityId: community.id,
    branchId: null,
    password: 'admin-pass-1',
  });
  return { community, first, second, nonEstablished, admin };
}

/** The report without what only an import has: its flag and the new members' ids. */
export function comparable(report: RosterImportReport) {
  return {
    ...report,
    dryRun: null,
    rows: report.rows.map(({ memberId, ...row }) => (row.status === 'created' ? row : { ...row, memberId })),
  };
}
