import type { Address, AwayInfo, FamilyContact, Gender, IsoDate, MemberDraft, RecordedRisks, RetirementKind, RosterCell, RosterField } from '../../src/domain';

/**
 * A seeded generator of messy 花名册 sheets, the way community offices keep them (docs/DOMAIN.md §8), with the
 * outcome every row must have. The same seed gives the same sheet; every seed gives a different one (header
 * names, column order, layout, value forms, bad values).
 *
 * Exports:
 * - `messyRoster(seed, size, options?)` → `{ grid, expected, today, headerRow, columns, headers }`: `grid` is what a
 *   reader hands `readRoster` (merged ranges already filled with their first cell's value, Excel numbers as
 *   numbers, date cells as Date); `expected` has one entry per grid row, in order, with its 1-based `row`,
 *   `kind`, and for people `idNumber`, `name` and `draft` (the fields of the MemberDraft it must produce), for
 *   rejected rows `reasonIncludes` (a phrase of the reason), for ignored rows `reasonIncludes` (标题行, 填报信息,
 *   表头, 空行 or 合计行), and for a member listed twice `duplicateOf` (the row of the first listing).
 * - `makeIdNumber(first17)`, `idCheckCharacter(first17)`: GB 11643 IDs, computed here independently of the domain.
 * - `createRandom(seed)`: the mulberry32 generator the sheet is drawn with.
 *
 * It builds 5,000 rows in about a tenth of a second, so benches and server tests can write it out to .xlsx.
 */

export type ExpectedKind = 'person' | 'rejected' | 'ignored';

export interface ExpectedRosterRow {
  row: number;
  kind: ExpectedKind;
  idNumber?: string | null;
  name?: string;
  reasonIncludes?: string;
  /** The member draft's fields this row must give (people only). */
  draft?: Partial<MemberDraft>;
  /** The 1-based row where the same ID was first listed. */
  duplicateOf?: number;
}

export interface MessyRosterOptions {
  /** The import's today; by default one of a few dates chosen by the seed (inside and outside winter). */
  today?: IsoDate;
  /** Share of member rows with one value the import must refuse; default 0.12. */
  badShare?: number;
  /** Share of member rows listing an earlier member again (same ID); default 0.02. */
  duplicateShare?: number;
  /** Title, 填报单位 line, blank rows, section lines, a repeated header, 合计 and a footer; default true. */
  layout?: boolean;
}

export interface MessyRoster {
  grid: RosterCell[][];
  expected: ExpectedRosterRow[];
  today: IsoDate;
  /** 1-based row of the header. */
  headerRow: number;
  /** The field each column holds, by 0-based column. */
  columns: RosterField[];
  /** The header text of each column as written in the sheet. */
  headers: string[];
}

// ---------------------------------------------------------------- randomness

/** mulberry32, as in src/server/demo/prng.ts (copied: tests do not import server code into domain tests). */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (probability: number): boolean => next() < probability;
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };
  return { next, int, pick, chance, shuffle };
}
type Random = ReturnType<typeof createRandom>;

// ---------------------------------------------------------------- IDs (GB 11643), independent of the domain

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return '10X98765432'[sum % 11] as string;
}
export function makeIdNumber(first17: string): string {
  return first17 + idCheckCharacter(first17);
}

const AREAS = ['370202', '330106', '110105', '440305', '510104', '210102', '320102', '420106', '610113', '350203'];

// ---------------------------------------------------------------- dates

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number): IsoDate => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const partsOf = (date: IsoDate) => date.split('-').map(Number) as [number, number, number];
function excelSerial(date: IsoDate): number {
  const [y, m, d] = partsOf(date);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}
const FULL_WIDTH = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A full date as people enter it. */
function renderFullDate(r: Random, date: IsoDate): RosterCell {
  const [y, m, d] = partsOf(date);
  switch (r.int(0, 7)) {
    case 0: return `${y}-${m}-${d}`;
    case 1: return `${y}/${pad(m)}/${pad(d)}`;
    case 2: return `${y}年${m}月${d}日`;
    case 3: return `${y}${pad(m)}${pad(d)}`;
    case 4: return `${y}.${m}.${d}`;
    case 5: return new Date(Date.UTC(y, m - 1, d));
    case 6: return excelSerial(date);
    default: return FULL_WIDTH(`${y}.${pad(m)}.${pad(d)}`);
  }
}

/** A date written only to the month. */
function renderMonth(r: Random, y: number, m: number): RosterCell {
  switch (r.int(0, 4)) {
    case 0: return `${y}.${pad(m)}`;
    case 1: return `${y}.${m}`;
    case 2: return `${y}年${m}月`;
    case 3: return `${y}${pad(m)}`;
    // A General cell turns 1945.10 into 1945.1, which nobody can read back; other months survive.
    default: return m === 10 ? `${y}.10` : Number(`${y}.${pad(m)}`);
  }
}

// ---------------------------------------------------------------- vocabulary

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂兰', '建国', '建华', '玉兰', '志强', '淑珍', '国庆'];
const MINORITY = ['阿不都·热合曼', '买买提·吐尔逊', '古丽·艾买提', '艾力·阿不都拉'];
const COMPOUNDS = ['永清苑', '光明小区', '幸福家园', '文新花园', '翠苑新村', '金都华庭', '东方名苑'];
const PLACES = ['北京', '上海', '深圳', '广州', '成都'];
const RELATIONS = ['儿子', '女儿', '老伴', '侄子', null];
const UNITS = ['市交通局', '第一中学', '省电力公司', '区人民医院', '市纺织厂'];
const POSITIONS = ['科长', '副处长', '教师', '工程师', '主任'];
const BRANCHES = ['第一党支部', '第二党支部', '离退休干部党支部'];

const HEADER_VARIANTS: Record<RosterField, readonly string[]> = {
  seq: ['序号', '序 号', '编号'],
  name: ['姓名', '姓  名', '党员姓名'],
  gender: ['性别', '性 别'],
  ethnicity: ['民族'],
  birthDate: ['出生年月', '出生日期', '出生年月日', '出生\n年月'],
  joinedPartyOn: ['入党时间', '入党日期', '入党年月', '入党\n时间'],
  formerUnit: ['原工作单位', '原单位'],
  formerPosition: ['原职务', '职务', '原职级'],
  retirement: ['离/退休', '离退休', '离休或退休'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码'],
  phone: ['联系电话', '手机', '手机号码', '电话'],
  address: ['家庭住址', '现住址', '住址', '居住地址'],
  emergencyName: ['紧急联系人'],
  emergencyPhone: ['紧急联系人电话', '紧急联系电话'],
  pension: ['月基本离退休费', '月基本离退休费（元）', '基本养老金', '养老金', '月基本养老金（元）', '离退休费'],
  partyRelation: ['党组织关系', '组织关系'],
  branch: ['党支部', '所在党支部', '所在支部'],
  remarks: ['备注', '备 注'],
};

// ---------------------------------------------------------------- values

function renderName(r: Random, name: string): RosterCell {
  if (name.length === 2 && r.chance(0.4)) return r.pick([`${name[0]}  ${name[1]}`, `${name[0]} ${name[1]}`, `${name[0]}\u3000${name[1]}`]);
  if (name.includes('·') && r.chance(0.5)) return name.replace('·', r.pick(['.', '•', '・']));
  return r.chance(0.1) ? ` ${name} ` : name;
}

function makeName(r: Random): string {
  if (r.chance(0.04)) return r.pick(MINORITY);
  return r.pick(SURNAMES) + r.pick(GIVEN);
}

function mobile(r: Random): string {
  return `1${r.pick(['39', '38', '37', '58', '86', '77', '51'])}${pad(r.int(0, 9999), 4)}${pad(r.int(0, 9999), 4)}`;
}

function makePhone(r: Random): { cell: RosterCell; phone: string | null } {
  const m = mobile(r);
  switch (r.int(0, 10)) {
    case 0: return { cell: `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, phone: m };
    case 1: return { cell: `+86 ${m}`, phone: m };
    case 2: return { cell: FULL_WIDTH(m), phone: m };
    case 3: return { cell: `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, phone: m };
    case 4: {
      const landline = `0571-${r.int(8000, 8999)}${pad(r.int(0, 9999), 4)}`;
      return { cell: landline, phone: landline };
    }
    case 5: return { cell: `${m}${r.pick(['/', '、', '，', ';', ' '])}${mobile(r)}`, phone: m };
    case 6: return { cell: Number(m), phone: m };
    case 7: return { cell: r.pick([null, '', '无', '/']), phone: null };
    default: return { cell: m, phone: m };
  }
}

function makePension(r: Random): { cell: RosterCell; fen: number } {
  const yuan = r.int(1800, 9800);
  const cents = r.chance(0.3) ? r.int(1, 99) : 0;
  const fen = yuan * 100 + cents;
  const decimal = cents === 0 ? String(yuan) : `${yuan}.${pad(cents)}`;
  const grouped = `${Math.floor(yuan / 1000)},${pad(yuan % 1000, 3)}${cents === 0 ? '' : `.${pad(cents)}`}`;
  switch (r.int(0, 6)) {
    case 0: return { cell: grouped, fen };
    case 1: return { cell: `${decimal}元`, fen };
    case 2: return { cell: `￥${decimal}`, fen };
    case 3: return { cell: fen / 100, fen };
    case 4: return { cell: grouped.replace(',', '，'), fen };
    case 5: return { cell: cents === 0 ? `${yuan}.00` : decimal, fen };
    default: return { cell: decimal, fen };
  }
}

function makeAddress(r: Random): { cell: string; address: Address } {
  const compound = r.pick(COMPOUNDS);
  const building = String(r.int(1, 30));
  const unit = String(r.int(1, 6));
  const floor = r.int(1, 6);
  const room = `${floor}0${r.int(1, 4)}`;
  const address = { compound, building, unit, room };
  switch (r.int(0, 6)) {
    case 0: return { cell: `${compound}${building}号楼${unit}单元${room}`, address };
    case 1: return { cell: `${compound}${building}-${unit}-${room}`, address };
    case 2: return { cell: `${compound}${building}#${unit}-${room}`, address };
    case 3: return { cell: `${compound}${building}栋${unit}单元${floor}楼${room}室`, address };
    case 4: return { cell: `杭州市西湖区文新街道${compound}${building}-${unit}-${room}`, address };
    case 5: {
      const road = '文三路12号院';
      return { cell: `${road}${building}号楼${unit}门${room}`, address: { ...address, compound: road } };
    }
    default: return { cell: FULL_WIDTH(`${compound}${building}号楼${unit}单元${room}`), address };
  }
}

interface RemarkOutcome {
  cell: string;
  status?: 'away' | 'deceased' | null;
  diedOn?: IsoDate | null;
  away?: AwayInfo | null;
  risks: Partial<RecordedRisks>;
}

function winterAround(today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  const [y, m] = partsOf(today);
  if (m >= 11) return { from: iso(y, 11, 1), to: iso(y + 1, 3, 31) };
  if (m <= 3) return { from: iso(y - 1, 11, 1), to: iso(y, 3, 31) };
  return null;
}

function makeRemark(r: Random, today: IsoDate, birth: IsoDate): RemarkOutcome {
  const [ty, tm] = partsOf(today);
  switch (r.int(0, 13)) {
    case 0: return { cell: '独居', risks: { livingAlone: true } };
    case 1: return { cell: '空巢，卧床', risks: { emptyNest: true, bedridden: true } };
    case 2: return { cell: r.pick(['失能', '半失能老人']), risks: { disabled: true } };
    case 3: return { cell: r.pick(['不独居', '非空巢', '原独居，现与子女同住', '曾卧床']), risks: {}, status: null };
    case 4: {
      const y = r.int(Math.max(ty - 4, Number(birth.slice(0, 4)) + 60), ty - 1);
      const m = r.int(1, 12);
      return { cell: r.pick([`已故（${y}.${m}）`, `已去世 ${y}年${m}月`]), status: 'deceased', diedOn: iso(y, m, 1), risks: {} };
    }
    case 5: {
      const y = ty - 1;
      const m = r.int(1, 12);
      const d = r.int(1, daysIn(y, m));
      return { cell: `${y}.${m}.${d}病故`, status: 'deceased', diedOn: iso(y, m, d), risks: {} };
    }
    case 6: {
      const place = r.pick(PLACES);
      return { cell: `随子女在${place}居住`, status: 'away', away: { place, from: null, expectedReturn: null, phone: null }, risks: {} };
    }
    case 7: {
      const winter = winterAround(today);
      const cell = '冬季在三亚（11月至次年3月）';
      return winter
        ? { cell, status: 'away', away: { place: '三亚', from: winter.from, expectedReturn: winter.to, phone: null }, risks: {} }
        : { cell, status: null, away: null, risks: {} };
    }
    case 8: {
      // A trip around today, one not yet started, or one already over.
      const when = r.pick(['now', 'now', 'later', 'over'] as const);
      const startY = when === 'now' ? ty - 1 : when === 'later' ? ty + 1 : ty - 3;
      const startM = when === 'now' ? tm : r.int(1, 12);
      const endY = when === 'now' ? ty + 1 : when === 'later' ? ty + 2 : ty - 2;
      const endM = r.int(1, 12);
      const place = r.pick(PLACES);
      const cell = `外出（${startY}.${startM}-${endY}.${endM} ${place}）`;
      return when === 'now'
        ? { cell, status: 'away', away: { place, from: iso(startY, startM, 1), expectedReturn: iso(endY, endM, daysIn(endY, endM)), phone: null }, risks: {} }
        : { cell, status: null, away: null, risks: {} };
    }
    case 9: return { cell: '候鸟，海南', status: null, away: null, risks: {} };
    case 10: return { cell: '爱好书法，党龄长', status: null, risks: {} };
    default: return { cell: '', status: null, risks: {} };
  }
}

// ---------------------------------------------------------------- the sheet

const OPTIONAL: Array<[RosterField, number]> = [
  ['ethnicity', 0.5],
  ['formerUnit', 0.5],
  ['formerPosition', 0.4],
  ['retirement', 0.5],
  ['pension', 0.8],
  ['branch', 0.5],
  ['remarks', 0.85],
];

const BAD_KINDS = [
  'check',
  'excel-number',
  'excel-text',
  'no-name-no-id',
  'no-name',
  'gender-contradiction',
  'birth-contradiction',
  'impossible-date',
  'negative-pension',
  'no-address',
  'future-joined',
  'death-before-birth',
] as const;
type BadKind = (typeof BAD_KINDS)[number];

const BAD_REASON: Record<BadKind, string> = {
  check: '校验位不符',
  'excel-number': '被 Excel 存成了数字',
  'excel-text': '被 Excel 存成了数字',
  'no-name-no-id': '缺少姓名和身份证号',
  'no-name': '缺少姓名',
  'gender-contradiction': '与身份证号不符',
  'birth-contradiction': '与身份证号中的出生日期',
  'impossible-date': '不存在',
  'negative-pension': '不能为负数',
  'no-address': '缺少家庭住址',
  'future-joined': '晚于今天',
  'death-before-birth': '早于出生日期',
};

const TODAYS: IsoDate[] = ['2026-01-15', '2026-05-20', '2026-12-05', '2027-02-10', '2026-08-08', '2026-11-01', '2027-03-31', '2026-04-01'];

export function messyRoster(seed: number, size: number, options: MessyRosterOptions = {}): MessyRoster {
  const r = createRandom(seed);
  const today = options.today ?? r.pick(TODAYS);
  const badShare = options.badShare ?? 0.12;
  const duplicateShare = options.duplicateShare ?? 0.02;
  const layout = options.layout ?? true;

  // Columns: the ones every roster has, some optional ones, in a shuffled order with 序号 first.
  const fields: RosterField[] = ['name', 'gender', 'birthDate', 'idNumber', 'address', 'phone'];
  const joinedColumn = r.chance(0.9);
  if (joinedColumn) fields.push('joinedPartyOn');
  if (joinedColumn && r.chance(0.6)) fields.push('partyRelation');
  for (const [field, p] of OPTIONAL) if (r.chance(p)) fields.push(field);
  const emergency = r.int(0, 2); // 0: none, 1: name and phone columns, 2: a name column holding the phone too
  let columns = r.shuffle(fields);
  if (emergency === 1) {
    const at = r.int(0, columns.length);
    columns.splice(at, 0, 'emergencyName', 'emergencyPhone');
  } else if (emergency === 2) {
    columns.splice(r.int(0, columns.length), 0, 'emergencyName');
  }
  if (r.chance(0.85)) columns = ['seq', ...columns];
  const width = columns.length;
  const col = (field: RosterField) => columns.indexOf(field);
  const has = (field: RosterField) => columns.includes(field);

  // A 紧急联系人 merged over 姓名 | 电话 on a second header row, now and then.
  const twoRowHeader = emergency === 1 && r.chance(0.35);
  const headers = columns.map((field) => r.pick(HEADER_VARIANTS[field]));
  let subHeader: RosterCell[] | null = null;
  if (twoRowHeader) {
    headers[col('emergencyName')] = '紧急联系人';
    headers[col('emergencyPhone')] = '紧急联系人';
    const verticalMerge = r.chance(0.5);
    subHeader = columns.map((field, c) =>
      field === 'emergencyName' ? '姓名' : field === 'emergencyPhone' ? '电话' : verticalMerge ? (headers[c] as string) : null,
    );
  }

  const grid: RosterCell[][] = [];
  const expected: ExpectedRosterRow[] = [];
  const ignore = (cells: RosterCell[], reason: string) => {
    grid.push(cells);
    expected.push({ row: grid.length, kind: 'ignored', reasonIncludes: reason });
  };
  const filled = (text: string): RosterCell[] => Array.from({ length: width }, () => text);
  const blank = (): RosterCell[] => (r.chance(0.5) ? [] : Array.from({ length: width }, () => (r.chance(0.2) ? '' : null)));

  const community = r.pick(['永清', '光明', '文新', '翠苑']);
  if (layout) {
    const title = `${community}社区离退休干部党员花名册（${today.slice(0, 4)}年）`;
    ignore(r.chance(0.7) ? filled(title) : [title], '标题行');
    if (r.chance(0.5)) ignore([null, null, '（离退休干部党员）'], '标题行');
    const filling: RosterCell[] = Array.from({ length: width }, () => null);
    filling[0] = `填报单位：${community}社区`;
    filling[Math.max(1, width - 3)] = `填报日期：${today.slice(0, 4)}年${Number(today.slice(5, 7))}月`;
    ignore(filling, '填报信息');
    for (let i = r.int(0, 2); i > 0; i--) ignore(blank(), '空行');
  }
  grid.push([...headers]);
  expected.push({ row: grid.length, kind: 'ignored', reasonIncludes: '表头' });
  const headerRow = grid.length;
  if (subHeader) ignore([...subHeader], '表头');

  const idRows = new Map<string, number>();
  const people: Array<{ cells: RosterCell[]; idNumber: string; expected: ExpectedRosterRow }> = [];
  let pensionTotal = 0;
  let seq = 0;

  for (let n = 0; n < size; n++) {
    if (layout && n > 0) {
      if (r.chance(0.03)) ignore(blank(), '空行');
      if (has('seq') && r.chance(0.01)) {
        const only: RosterCell[] = Array.from({ length: width }, () => null);
        only[col('seq')] = ++seq;
        ignore(only, '空行');
      }
      if (n === Math.floor(size / 2) && size >= 40 && r.chance(0.6)) {
        ignore([...headers], '表头');
        if (subHeader) ignore([...subHeader], '表头');
      }
      if (r.chance(0.005)) ignore(filled(r.pick(BRANCHES)), '标题行');
    }

    // A member listed again: the same cells, the same outcome, reported as a duplicate by the server.
    if (people.length > 0 && r.chance(duplicateShare)) {
      const first = r.pick(people);
      const cells = [...first.cells];
      if (has('seq')) cells[col('seq')] = ++seq;
      grid.push(cells);
      expected.push({ ...first.expected, row: grid.length, duplicateOf: idRows.get(first.idNumber) as number });
      continue;
    }

    const cells: RosterCell[] = Array.from({ length: width }, () => null);
    const set = (field: RosterField, value: RosterCell) => {
      if (has(field)) cells[col(field)] = value;
    };
    if (has('seq')) cells[col('seq')] = r.chance(0.8) ? ++seq : String(++seq);

    let bad: BadKind | null = r.chance(badShare) ? r.pick(BAD_KINDS) : null;
    if (bad === 'negative-pension' && !has('pension')) bad = 'no-address';
    if (bad === 'future-joined' && !has('joinedPartyOn')) bad = 'check';
    if (bad === 'death-before-birth' && !has('remarks')) bad = 'no-name';

    const gender: Gender = r.chance(0.5) ? 'male' : 'female';
    const birthYear = r.int(1925, 1962);
    const birthMonth = r.int(1, 12);
    const noId = bad === 'impossible-date' || (bad === null && r.chance(0.05));
    const monthOnlyBirth = noId && r.chance(0.3);
    const birthDay = monthOnlyBirth ? 1 : r.int(1, daysIn(birthYear, birthMonth));
    const birthDate = iso(birthYear, birthMonth, birthDay);
    const sequence = r.int(0, 99) * 10 + (gender === 'male' ? r.pick([1, 3, 5, 7, 9]) : r.pick([0, 2, 4, 6, 8]));
    const first17 = `${r.pick(AREAS)}${birthYear}${pad(birthMonth)}${pad(birthDay)}${pad(sequence, 3)}`;
    const idNumber = makeIdNumber(first17);
    const name = makeName(r);

    // 身份证号
    let idCell: RosterCell = null;
    if (!noId) {
      const form = r.int(0, 9);
      if (form === 0) idCell = `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14)}`;
      else if (form === 1 && idNumber.endsWith('X')) idCell = idNumber.toLowerCase();
      else if (form === 2) idCell = FULL_WIDTH(idNumber);
      else if (form === 3) idCell = `${first17.slice(0, 6)}${first17.slice(8)}`; // first generation, 15 digits
      else if (form === 4) idCell = Number(`${first17.slice(0, 6)}${first17.slice(8)}`); // 15 digits survive a number cell
      else idCell = idNumber;
    }
    if (bad === 'check') {
      const wrong = '10X98765432'.replace(idCheckCharacter(first17), '');
      idCell = first17 + wrong[r.int(0, wrong.length - 1)];
    }
    if (bad === 'excel-number') idCell = Number(idNumber.replace('X', '0'));
    if (bad === 'excel-text') idCell = `${idNumber[0]}.${idNumber.slice(1, r.pick([6, 15]))}E+17`;
    if (bad === 'no-name-no-id') idCell = null;
    set('idNumber', idCell);

    set('name', bad === 'no-name' || bad === 'no-name-no-id' ? null : renderName(r, name));

    // 性别 and 出生日期: empty beside a good ID now and then, agreeing with it otherwise.
    const genderWords = gender === 'male' ? ['男', '男性', 'M'] : ['女', '女性', 'F'];
    const otherWords = gender === 'male' ? ['女', '女性'] : ['男', '男性'];
    set('gender', bad === 'gender-contradiction' ? r.pick(otherWords) : noId || r.chance(0.6) ? r.pick(genderWords) : null);
    let birthCell: RosterCell;
    if (bad === 'impossible-date') birthCell = `${birthYear}-02-30`;
    else if (bad === 'birth-contradiction') birthCell = `${birthYear + 1}-${birthMonth}-${Math.min(birthDay, 28)}`;
    else if (monthOnlyBirth) birthCell = renderMonth(r, birthYear, birthMonth);
    else if (!noId && r.chance(0.35)) birthCell = null;
    else if (!noId && r.chance(0.45)) birthCell = renderMonth(r, birthYear, birthMonth);
    else birthCell = renderFullDate(r, birthDate);
    set('birthDate', birthCell);

    // Party: 入党时间 decides membership; 党组织关系 the channel.
    const party = has('joinedPartyOn') && r.chance(0.85);
    let joinedPartyOn: IsoDate | null = null;
    let duesChannel: MemberDraft['duesChannel'] = 'this_branch';
    if (party) {
      let y = birthYear + r.int(18, 35);
      const [ty] = partsOf(today);
      if (y >= ty) y = ty - 1;
      const m = r.int(1, 12);
      if (r.chance(0.5)) {
        joinedPartyOn = iso(y, m, 1);
        set('joinedPartyOn', renderMonth(r, y, m));
      } else {
        joinedPartyOn = iso(y, m, r.int(1, daysIn(y, m)));
        set('joinedPartyOn', renderFullDate(r, joinedPartyOn));
      }
      if (has('partyRelation')) {
        const [text, channel] = r.pick([
          ['', 'this_branch'],
          ['社区', 'this_branch'],
          ['本支部', 'this_branch'],
          [`${community}社区党委`, 'this_branch'],
          ['原单位', 'original_unit'],
          ['原工作单位', 'original_unit'],
          ['三不转', 'original_unit'],
          [r.pick(UNITS), 'original_unit'],
        ] as const);
        set('partyRelation', text);
        duesChannel = channel;
      }
    } else if (has('partyRelation')) {
      set('partyRelation', r.pick(['', '群众', '非党员']));
    }
    if (bad === 'future-joined') set('joinedPartyOn', `${Number(today.slice(0, 4)) + 1}.${r.int(1, 12)}`);

    // 住址, 电话, 紧急联系人
    const address = makeAddress(r);
    set('address', bad === 'no-address' ? r.pick([null, '', '/']) : address.cell);
    const phone = makePhone(r);
    set('phone', phone.cell);
    let familyContact: FamilyContact | null = null;
    if (emergency !== 0 && r.chance(0.7)) {
      const contactName = r.pick(SURNAMES) + r.pick(GIVEN);
      const relation = r.pick(RELATIONS);
      const contactPhone = mobile(r);
      const nameCell = relation ? `${contactName}（${relation}）` : contactName;
      if (emergency === 1) {
        set('emergencyName', nameCell);
        set('emergencyPhone', r.chance(0.3) ? `${contactPhone.slice(0, 3)} ${contactPhone.slice(3, 7)} ${contactPhone.slice(7)}` : contactPhone);
      } else {
        set('emergencyName', `${nameCell} ${contactPhone}`);
      }
      familyContact = { name: contactName, relation: relation ?? '紧急联系人', phone: contactPhone };
    }

    // 月基本离退休费: a proposed base for party members only.
    let pensionFen: number | null = null;
    if (has('pension')) {
      if (bad === 'negative-pension') set('pension', `-${r.int(1000, 5000)}`);
      else if (party || r.chance(0.5)) {
        const pension = makePension(r);
        set('pension', pension.cell);
        if (party) pensionFen = pension.fen;
        pensionTotal += pension.fen;
      }
    }

    // 备注
    let remark: RemarkOutcome = { cell: '', risks: {} };
    if (has('remarks')) {
      remark = bad !== null ? { cell: r.pick(['', '独居']), risks: {} } : makeRemark(r, today, birthDate);
      if (remark.cell === '独居') remark.risks = { livingAlone: true };
      if (bad === 'death-before-birth') remark = { cell: `已故（${birthYear - 1}.${r.int(1, 12)}）`, risks: {} };
      set('remarks', remark.cell === '' ? null : remark.cell);
    }

    const retirement: RetirementKind | null = has('retirement') ? r.pick(['lixiu', 'tuixiu', null] as const) : null;
    if (retirement) set('retirement', retirement === 'lixiu' ? r.pick(['离休', '离']) : r.pick(['退休', '退']));
    const ethnicity = has('ethnicity') ? r.pick(['汉', '汉族', '回族', '满', null]) : null;
    set('ethnicity', ethnicity);
    const formerUnit = has('formerUnit') ? r.pick(UNITS) : null;
    set('formerUnit', formerUnit);
    const formerPosition = has('formerPosition') ? r.pick(POSITIONS) : null;
    set('formerPosition', formerPosition);
    const branch = has('branch') ? r.pick(BRANCHES) : null;
    set('branch', branch);

    grid.push(cells);
    if (bad !== null) {
      expected.push({ row: grid.length, kind: 'rejected', reasonIncludes: BAD_REASON[bad], name: bad.startsWith('no-name') ? undefined : name });
      continue;
    }
    const draft: Partial<MemberDraft> = {
      name,
      gender,
      birthDate,
      idNumber: noId ? null : idNumber,
      phone: phone.phone,
      address: address.address,
      isPartyMember: party,
      joinedPartyOn,
      duesChannel,
      pensionFen,
      status: remark.status ?? null,
      diedOn: remark.diedOn ?? null,
      away: remark.away ?? null,
      risks: remark.risks,
      retirement,
      ethnicity: ethnicity === null ? null : ethnicity.endsWith('族') ? ethnicity : `${ethnicity}族`,
      formerUnit,
      formerPosition,
      branchName: party ? branch : null,
    };
    if (emergency !== 0) draft.familyContact = familyContact;
    const row: ExpectedRosterRow = { row: grid.length, kind: 'person', idNumber: noId ? null : idNumber, name, draft };
    expected.push(row);
    if (!noId) {
      if (!idRows.has(idNumber)) idRows.set(idNumber, grid.length);
      people.push({ cells, idNumber, expected: row });
    }
  }

  if (layout) {
    if (r.chance(0.3)) ignore(blank(), '空行');
    if (r.chance(0.85)) {
      const total: RosterCell[] = Array.from({ length: width }, () => null);
      total[has('seq') ? col('seq') : col('name')] = r.pick(['合计', '合 计', '总计', `合计：${size}人`]);
      if (has('pension')) total[col('pension')] = pensionTotal / 100;
      ignore(total, '合计行');
    }
    if (r.chance(0.5)) {
      const footer: RosterCell[] = Array.from({ length: width }, () => null);
      footer[0] = '填表人：张三';
      footer[Math.max(1, width - 2)] = '审核人：李四';
      ignore(footer, '填报信息');
    }
  }
  return { grid, expected, today, headerRow, columns, headers };
}
