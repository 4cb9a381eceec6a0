import { z } from 'zod';

/**
 * Stable error codes shared by the server and the app. The server answers with the zh-CN text;
 * the app shows its own translation of the code so English users read English.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据不正确', en: 'The submitted data is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired, please log in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账号已停用，请联系管理员', en: 'This account is disabled' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '未找到该记录', en: 'Record not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: { status: 409, zh: '同一记录内容不一致，已拒绝', en: 'A record with this id exists with different content' },
  UNSUPPORTED_MUTATION: { status: 400, zh: '不支持的同步操作类型', en: 'Unsupported sync operation type' },
  NO_CONSENT: { status: 422, zh: '该成员未同意记录健康信息', en: 'The member has not consented to health notes' },
  VISIT_TEMPLATE_UNKNOWN: { status: 422, zh: '走访表单版本不存在，请更新应用', en: 'Unknown visit form version, please update the app' },
  VISIT_INCOMPLETE: { status: 422, zh: '走访记录缺少必填项', en: 'The visit record misses required answers' },
  VISIT_BAD_AMENDS: { status: 422, zh: '要更正的走访记录不存在或不属于该成员', en: 'The visit being corrected does not exist for this member' },
  DUES_NOT_ASSESSED: { status: 422, zh: '该党员所交月份尚未核定党费基数', en: 'No dues assessment covers these months' },
  DUES_OTHER_CHANNEL: { status: 422, zh: '该党员在原单位交纳党费，本支部不收取', en: 'This member pays dues at their original work unit' },
  DUES_TOO_MANY_MONTHS: { status: 422, zh: '一次交纳的月份过多或有重复', en: 'Too many or repeated months in one payment' },
  DUES_AHEAD_NOT_ALLOWED: { status: 422, zh: '本支部未同意按季度或提前交纳（预交），只能交纳本月及以前的月份', en: 'This branch does not allow paying ahead (quarterly or in advance)' },
  DUES_AMOUNT_MISMATCH: { status: 422, zh: '交纳金额与核定应缴金额不符', en: 'The amount does not match the assessed dues' },
  DUES_BAD_REVERSAL: { status: 422, zh: '冲正记录无效：原交纳不存在、金额或月份不符，或已冲正', en: 'Invalid reversal: no such payment, wrong amount or months, or already reversed' },
  MONTH_LOCKED: { status: 422, zh: '该月已结账，不能再录入交纳或冲正；如需更正请由书记录入调整记录', en: 'This month is closed: only adjustments with a reason can be recorded' },
  DUES_BAD_RESOLUTION: { status: 422, zh: '重复交纳处理无效：该月没有重复交纳，或金额超过多交部分', en: 'Invalid duplicate resolution: no duplicate for this month, or more than the surplus' },
  CASH_BAD_HANDOVER: { status: 422, zh: '现金交接无效：交纳记录不存在、不是该收款人收取的现金，或已交接', en: 'Invalid cash handover: unknown payments, not this collector\'s cash, or already handed over' },
  EVALUATION_OVER_LIMIT: { status: 422, zh: '评为优秀的人数不能超过参评党员的三分之一', en: 'No more than a third of those graded can be rated excellent' },
  SECRETARY_ONLY: { status: 403, zh: '只有本支部书记可以执行此操作', en: 'Only the branch secretary can do this' },
  MEMBER_DECEASED: { status: 422, zh: '该成员已故，不再记录健康信息', en: 'This member has died: no more health notes are recorded' },
  NOT_A_PARTY_MEMBER: { status: 422, zh: '该成员不是本支部党员，不能记录党费', en: 'This person is not a party member of the branch' },
  CLIENT_OUTDATED: { status: 426, zh: '应用版本过旧，请更新后再同步', en: 'The app is outdated, please update before syncing' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '请求格式不受支持，请使用 JSON', en: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, please try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Server error, please try again later' },
} as const;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Field names as people read them, so a validation message says 出生日期 rather than birthDate. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  displayName: '姓名',
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  phone: '电话',
  address: '住址',
  compound: '小区',
  building: '楼',
  unit: '单元',
  room: '室',
  familyContact: '家属联系人',
  joinedPartyOn: '入党日期',
  branchId: '党支部',
  status: '状态',
  away: '外出信息',
  place: '地点',
  expectedReturn: '预计返回日期',
  cursor: '游标',
  limit: '数量',
  id: '编号',
};

export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const last = [...issue.path].reverse().find((p) => typeof p === 'string');
    const label = typeof last === 'string' ? FIELD_LABELS[last] ?? last : '';
    return { path, message: label ? `${label}：${issue.message}` : issue.message };
  });
}
