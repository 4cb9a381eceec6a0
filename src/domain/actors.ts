import { DomainError } from './errors';
import { fieldAt, type RegisteredMutation } from './registry';

/**
 * The server trusts nothing a device says about who acted: every field the registry marks as naming a person
 * who acted must be the signed-in pusher (`self`), or a list that includes the pusher and otherwise names
 * only enabled users of the pusher's community (`includesSelf`: co-visitors). Throws the refusal; the
 * caller answers it as the mutation's `rejected` result and writes nothing.
 */
export function checkActors(def: RegisteredMutation, record: unknown, pusherId: string, isActiveColleague: (userId: string) => boolean): void {
  for (const field of def.actors) {
    const value = fieldAt(record, field.path);
    const path = `record.${field.path}`;
    if (field.rule === 'self') {
      if (value !== pusherId) throw actorMismatch(path, `${field.label}须为当前登录用户`);
      continue;
    }
    const ids = Array.isArray(value) ? (value as unknown[]) : [];
    if (!ids.includes(pusherId)) throw actorMismatch(path, `${field.label}须包括当前登录用户`);
    const unknown = ids.filter((id) => id !== pusherId && !(typeof id === 'string' && isActiveColleague(id)));
    if (unknown.length > 0) {
      throw new DomainError('UNKNOWN_USER', {
        message: `${field.label}中有 ${unknown.length} 人不是本社区的在用账号`,
        details: [{ path, message: `${field.label}：只能是本社区在用的账号` }],
      });
    }
  }
}

function actorMismatch(path: string, message: string): DomainError {
  return new DomainError('ACTOR_MISMATCH', { message: `${message}，不能代他人录入`, details: [{ path, message }] });
}

/** The user ids a mutation's `includesSelf` fields name, to look up once for a whole batch. */
export function namedColleagues(def: RegisteredMutation, record: unknown): string[] {
  const ids: string[] = [];
  for (const field of def.actors) {
    if (field.rule !== 'includesSelf') continue;
    const value = fieldAt(record, field.path);
    if (Array.isArray(value)) for (const id of value) if (typeof id === 'string') ids.push(id);
  }
  return ids;
}
