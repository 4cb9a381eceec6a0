import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain';
import { readRosterFile, ROSTER_FILE_LIMITS } from '../../src/server/roster/roster-file';
import { csvText, gb18030Bytes, xlsxBytes } from './roster-support';

/** The refusal a file gets: its code and Chinese message. */
async function refusal(content: Uint8Array, name: string): Promise<{ code: string; message: string }> {
  try {
    await readRosterFile(content, name);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${name} was read`);
}

describe('reading an uploaded roster file into a grid', () => {
  it('reads an .xlsx as the office sees it: row numbers, merged ranges, dates, formulas, rich text, links', async () => {
    const bytes = await xlsxBytes({
      name: '花名册',
      rows: [
        ['光明社区离退休干部党员花名册（2026年）'],
        ['填报单位：光明社区', undefined, undefined, '填报日期：2026年3月'],
        ['序号', '姓名', '出生年月', '身份证号', '党支部', '月基本离退休费', '联系电话', '备注'],
        [1, { richText: [{ text: '王' }, { text: '  华', font: { bold: true } }] }, new Date(Date.UTC(1945, 2, 12)), 110105194912310000, '第一党支部', { formula: '3000+200.5', result: 3200.5 }, { text: '13900001111', hyperlink: 'tel:13900001111' }, null],
        [2, '李明', 16508, '11010519491231002X', null, '3200元', null, ''],
        [],
        [3, '赵刚', '1945.03', null, null, null, null, '已故（2025.3）'],
      ],
      merges: ['A1:H1', 'E4:E5'],
    });
    const file = await readRosterFile(bytes, '光明社区花名册.xlsx');
    expect(file.kind).toBe('xlsx');
    expect(file.worksheet.name).toBe('花名册');
    expect(file.width).toBe(8);
    const grid = file.grid;
    expect(grid).toHaveLength(7);
    // Every cell of the merged title carries its text; row 2's gap stays empty.
    expect(grid[0]).toEqual(Array(8).fill('光明社区离退休干部党员花名册（2026年）'));
    expect(grid[1]).toEqual(['填报单位：光明社区', null, null, '填报日期：2026年3月']);
    const row4 = grid[3]!;
    expect(row4[1]).toBe('王  华');
    expect(row4[2]).toBeInstanceOf(Date);
    expect((row4[2] as Date).toISOString()).toBe('1945-03-12T00:00:00.000Z');
    // The ID went through an Excel number: handed on as the number, for the domain to refuse.
    expect(row4[3]).toBe(110105194912310000);
    expect(row4[5]).toBe(3200.5);
    expect(row4[6]).toBe('13900001111');
    // The branch merged down rows 4 and 5 belongs to both.
    expect(grid[4]![4]).toBe('第一党支部');
    expect(grid[4]![2]).toBe(16508);
    expect(grid[4]).toHaveLength(6);
    expect(grid[5]).toEqual([]);
    expect(grid[6]).toEqual([3, '赵刚', '1945.03', null, null, null, null, '已故（2025.3）']);
  });

  it('reads a date cell as the Date exceljs builds at UTC midnight, and a formula returning one', async () => {
    const bytes = await xlsxBytes({
      rows: [['姓名', '出生日期'], ['王华', 16508], ['李明', { formula: 'B2+1', result: new Date(Date.UTC(1945, 2, 13)) }]],
      formats: { B2: 'yyyy"年"m"月"d"日"', B3: 'yyyy-mm-dd' },
    });
    const { grid } = await readRosterFile(bytes, 'a.xlsx');
    expect((grid[1]![1] as Date).toISOString().slice(0, 10)).toBe('1945-03-12');
    expect((grid[2]![1] as Date).toISOString().slice(0, 10)).toBe('1945-03-13');
  });

  it('takes the first visible sheet that has data', async () => {
    const bytes = await xlsxBytes(
      { name: '说明', rows: [] },
      { name: '代码表', rows: [['汉族'], ['回族']], state: 'hidden' },
      { name: '花名册', rows: [['姓名'], ['王华']] },
      { name: '旧名单', rows: [['姓名'], ['李明']] },
    );
    const file = await readRosterFile(bytes, 'a.xlsx');
    expect(file.worksheet.name).toBe('花名册');
    expect(file.grid).toEqual([['姓名'], ['王华']]);
  });

  const rows = [
    ['姓名', '住址', '备注'],
    ['王华', '永清苑3号楼2单元301', '他说"独居"'],
    [],
    ['李明', '光明小区3栋2单元3楼301室, 东门', '冬季在三亚\n（11月至次年3月）'],
  ];
  const expected = [
    ['姓名', '住址', '备注'],
    ['王华', '永清苑3号楼2单元301', '他说"独居"'],
    [],
    ['李明', '光明小区3栋2单元3楼301室, 东门', '冬季在三亚\n（11月至次年3月）'],
  ];

  it('reads a CSV in UTF-8 with or without a BOM: quoted commas, doubled quotes, line breaks inside quotes, CRLF', async () => {
    const text = csvText(rows);
    for (const bytes of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])]) {
      const file = await readRosterFile(bytes, '花名册.csv');
      expect(file.kind).toBe('csv');
      expect(file.grid).toEqual(expected);
      expect(file.worksheet.name).toBe('花名册');
    }
  });

  it('reads a CSV saved by Chinese Excel in GB18030/GBK, and keeps every field as text', async () => {
    const file = await readRosterFile(gb18030Bytes(csvText([...rows, ['赵刚', '1945.03', '110105194912310000']])), '名单.CSV');
    expect(file.grid.slice(0, 4)).toEqual(expected);
    expect(file.grid[4]).toEqual(['赵刚', '1945.03', '110105194912310000']);
  });

  it('refuses an old .xls, whatever its name, with what to do', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const name of ['花名册.xls', '花名册.xlsx', '花名册']) {
      expect(await refusal(ole, name)).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringContaining('请在 Excel 中另存为 .xlsx 后再导入') });
    }
    expect((await refusal(Buffer.from('姓名\n王华\n'), '花名册.xls')).message).toContain('另存为 .xlsx');
  });

  it('refuses a file that is neither .xlsx nor .csv, a broken .xlsx, an empty file or sheet, bad quotes', async () => {
    expect((await refusal(Buffer.from('%PDF-1.7 ...'), '花名册.pdf')).message).toBe('只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）');
    expect((await refusal(Buffer.from('姓名,性别\n'), '花名册.xlsx')).message).toContain('不是有效的 .xlsx');
    expect((await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), '花名册.xlsx')).message).toContain('无法读取该 .xlsx 文件');
    expect((await refusal(Buffer.alloc(0), '花名册.csv')).message).toBe('文件是空的');
    expect((await refusal(await xlsxBytes({ rows: [] }), '花名册.xlsx')).message).toContain('没有数据');
    expect((await refusal(Buffer.from('\r\n\r\n'), '花名册.csv')).message).toBe('表格中没有数据');
    expect((await refusal(Buffer.from('姓名,备注\n王华,"没有结束的引号\n'), '花名册.csv')).message).toContain('引号不配对');
    expect((await refusal(Buffer.from([0x41, 0, 0x42, 0]), '花名册.csv')).message).toBe('只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）');
  });

  it('refuses more than 20,000 rows and more than 10 MB', async () => {
    const many = csvText([['姓名'], ...Array.from({ length: ROSTER_FILE_LIMITS.maxRows }, (_, i) => [`王${i}`])]);
    expect((await refusal(Buffer.from(many), '花名册.csv')).message).toBe('表格超过 20,000 行：请分成几个文件导入');
    const exactly = csvText(Array.from({ length: ROSTER_FILE_LIMITS.maxRows }, (_, i) => [`王${i}`]));
    expect((await readRosterFile(Buffer.from(exactly), '花名册.csv')).grid).toHaveLength(ROSTER_FILE_LIMITS.maxRows);
    const big = Buffer.alloc(ROSTER_FILE_LIMITS.maxBytes + 1, 0x41);
    expect(await refusal(big, '花名册.csv')).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('10 MB') });
  });
});
