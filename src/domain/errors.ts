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
