import type { z } from 'zod';
import type { ApiErrorBody } from './api';

/**
 * Stable error codes shared by the server and the app. The server answers with the zh-CN text;
 * the app shows its own translation of the code so English users read English. What a code means over
 * HTTP (its status) is the server's business: src/server/http/status.ts.
 */
export const ERRORS = {
  VALIDATION_FAILED: { zh: '提交的数据不正确', en: 'The submitted data is not valid' },
  MALFORMED_JSON: { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录', en: 'Your session has expired, please log in again' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_DISABLED: { zh: '该账号已停用，请联系管理员', en: 'This account is disabled' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到该记录', en: 'Record not found' },
  ROUTE_NOT_FOUND: { zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: { zh: '同一记录内容不一致，已拒绝', en: 'A record with this id exists with different content' },
  UNSUPPORTED_MUTATION: { zh: '不支持的同步操作类型', en: 'Unsupported sync operation type' },
  NO_CONSENT: { zh: '该成员未同意记录健康信息', en: 'The member has not consented to health notes' },
  VISIT_TEMPLATE_UNKNOWN: { zh: '走访表单版本不存在，请更新应用', en: 'Unknown visit form version, please update the app' },
  VISIT_INCOMPLETE: { zh: '走访记录缺少必填项', en: 'The visit record misses required answers' },
  VISIT_BAD_AMENDS: { zh: '要更正的走访记录不存在或不属于该成员', en: 'The visit being corrected does not exist for this member' },
  DUES_NOT_ASSESSED: { zh: '该党员所交月份尚未核定党费基数', en: 'No dues assessment covers these months' },
  DUES_OTHER_CHANNEL: { zh: '该党员在原单位交纳党费，本支部不收取', en: 'This member pays dues at their original work unit' },
  DUES_TOO_MANY_MONTHS: { zh: '一次交纳的月份过多或有重复', en: 'Too many or repeated months in one payment' },
  DUES_AHEAD_NOT_ALLOWED: { zh: '本支部未同意按季度或提前交纳（预交），只能交纳本月及以前的月份', en: 'This branch does not allow paying ahead (quarterly or in advance)' },
  DUES_AMOUNT_MISMATCH: { zh: '交纳金额与核定应缴金额不符', en: 'The amount does not match the assessed dues' },
  DUES_BAD_REVERSAL: { zh: '冲正记录无效：原交纳不存在、金额或月份不符，或已冲正', en: 'Invalid reversal: no such payment, wrong amount or months, or already reversed' },
  MONTH_LOCKED: { zh: '该月已结账，不能再录入交纳或冲正；如需更正请由书记录入调整记录', en: 'This month is closed: only adjustments with a reason can be recorded' },
  DUES_BAD_RESOLUTION: { zh: '重复交纳处理无效：该月没有重复交纳，或金额超过多交部分', en: 'Invalid duplicate resolution: no duplicate for this month, or more than the surplus' },
  CASH_BAD_HANDOVER: { zh: '现金交接无效：交纳记录不存在、不是该收款人收取的现金，或已交接', en: 'Invalid cash handover: unknown payments, not this collector\'s cash, or already handed over' },
  EVALUATION_OVER_LIMIT: { zh: '评为优秀的人数不能超过参评党员的三分之一', en: 'No more than a third of those graded can be rated excellent' },
  ACTOR_MISMATCH: { zh: '记录中的经办人必须是当前登录的本人', en: 'A record must name you, the signed-in user, as the person who acted' },
  UNKNOWN_USER: { zh: '记录中列出的人员不是本社区的在用账号', en: 'The record names someone who is not an active user of this community' },
  SECRETARY_ONLY: { zh: '只有本支部书记可以执行此操作', en: 'Only the branch secretary can do this' },
  MEMBER_DECEASED: { zh: '该成员已故，此项不能再录入', en: 'This member has died: this can no longer be recorded' },
  NOT_A_PARTY_MEMBER: { zh: '该成员不是本支部党员，不能记录党费', en: 'This person is not a party member of the branch' },
  CLIENT_OUTDATED: { zh: '应用版本过旧，请更新后再同步', en: 'The app is outdated, please update before syncing' },
  PAYLOAD_TOO_LARGE: { zh: '提交的内容过大', en: 'The request is too large' },
  HEADERS_TOO_LARGE: { zh: '请求头过大', en: 'The request headers are too large' },
  REQUEST_TIMEOUT: { zh: '请求超时，请重试', en: 'The request took too long, please try again' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '请求格式不受支持，请使用 JSON', en: 'Unsupported content type' },
  RATE_LIMITED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, please try again later' },
  PASSWORD_TOO_SHORT: { zh: '密码至少 10 个字符', en: 'The password needs at least 10 characters' },
  PASSWORD_BLANK: { zh: '密码不能只有空格', en: 'The password cannot be only spaces' },
  PASSWORD_COMMON: { zh: '这是常见密码，容易被猜中，请换一个', en: 'This is a commonly used password, easy to guess: choose another' },
  DEVICE_LOST: { zh: '此设备已被管理员标记为丢失，不能在此设备上登录。请联系管理员。', en: 'This device was marked lost by an administrator: you cannot sign in on it. Please contact your administrator.' },
  DEVICE_WIPE: { zh: '此设备需要清除数据：未上传的记录会先上传，然后清除本机数据。', en: 'This device must be cleared: records not yet sent are sent first, then the data on this device is removed.' },
  LIFEBOAT_UNREADABLE: { zh: '救生包文件无法读取：不是本服务器的文件，或内容已被改动', en: 'The lifeboat file cannot be read: it was not made for this server, or it was altered' },
  INTERNAL: { zh: '服务器内部错误，请稍后再试', en: 'Server error, please try again later' },
} as const;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];


/** Field names as people read them, so a validation message says 出生日期 rather than birthDate. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
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
  transfer: '转接信息',
  proposedBaseFen: '建议核定基数',
  idNumber: '身份证号',
  duesChannel: '党费缴纳渠道',
  ethnicity: '民族',
  formerUnit: '原工作单位',
  formerPosition: '原职务',
  retirement: '离休/退休',
  destination: '转往',
  origin: '转入来源',
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

export type ErrorDetail = { path: string; message: string };

/**
 * An expected refusal with a stable code, thrown by the rules on either side (the server's services, the
 * app's checks before it writes): zh-CN message (the code's own text unless a more precise one is given)
 * and per-field details. Nothing here knows about HTTP.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** A refusal that lifts by itself (a throttled login): whole seconds until asking again may succeed. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[]; retryAfterSeconds?: number } = {}) {
    super(options.message ?? ERRORS[code].zh);
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/**
 * VALIDATION_FAILED, unless a rule of the schema names its own code (a custom issue with `params.errorCode`,
 * e.g. the password rules): then that code, so the app can say it in the user's language.
 */
export function validationError(issues: readonly z.core.$ZodIssue[]): DomainError {
  const coded = issues.map(issueErrorCode).find((code) => code !== undefined);
  return new DomainError(coded ?? 'VALIDATION_FAILED', { details: describeIssues(issues) });
}

function issueErrorCode(issue: z.core.$ZodIssue): ErrorCode | undefined {
  if (issue.code !== 'custom') return undefined;
  const code: unknown = issue.params?.errorCode;
  return typeof code === 'string' && Object.hasOwn(ERRORS, code) ? (code as ErrorCode) : undefined;
}

/** One field's problem, worded like the schema's own messages (label：message). */
export function fieldError(path: string, label: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { message: `${label}：${message}`, details: [{ path, message: `${label}：${message}` }] });
}

/** Parses untrusted input with a domain schema; a failure is VALIDATION_FAILED with per-field details. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
