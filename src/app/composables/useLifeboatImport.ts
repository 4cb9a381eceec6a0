import { ref } from 'vue';
import { LifeboatFile, type LifeboatImportResult } from '../../domain';
import { importLifeboat } from '../api/security-api';
import { useAdminRequest } from './useAdminRequest';

/**
 * The administrator imports a device's lifeboat file: read and checked here (the file's header says whose and how
 * many), then sent whole; the server decrypts it and pushes its records as a sync would.
 */
export function useLifeboatImport() {
  const request = useAdminRequest();
  const file = ref<{ name: string; content: LifeboatFile } | null>(null);
  const unreadable = ref(false);
  const result = ref<LifeboatImportResult | null>(null);

  async function choose(picked: File): Promise<void> {
    result.value = null;
    request.clear();
    let parsed: ReturnType<typeof LifeboatFile.safeParse>;
    try {
      parsed = LifeboatFile.safeParse(JSON.parse(await picked.text()));
    } catch {
      parsed = LifeboatFile.safeParse(null);
    }
    unreadable.value = !parsed.success;
    file.value = parsed.success ? { name: picked.name, content: parsed.data } : null;
  }

  async function send(): Promise<boolean> {
    const chosen = file.value;
    if (chosen === null) return false;
    const answer = await request.call((token) => importLifeboat(token, chosen.content));
    if (answer.ok) result.value = answer.value;
    return answer.ok;
  }

  return { ...request, file, unreadable, result, choose, send };
}
