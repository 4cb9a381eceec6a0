import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { baseCompile } from '@intlify/message-compiler';
import { tsImport } from 'tsx/esm/api';
import type { Plugin } from 'vite';

/** The one module that gathers every locale's messages (src/app/i18n/messages.ts). */
const MESSAGES_MODULE = resolve('src/app/i18n/messages.ts');

type Tree = string | number | boolean | null | Tree[] | { [key: string]: Tree };

/**
 * A message as vue-i18n's own compiler would make it in the browser: its AST in the short-key form ("minify"),
 * which the runtime turns into a message function by walking it — no parser shipped, no eval or new Function
 * (the app runs under `script-src 'self'`). A message that does not compile fails the build, not a screen.
 */
function compileMessage(path: string, message: string): Tree {
  const { ast } = baseCompile(message, {
    jit: true,
    location: false,
    minify: true,
    onError: (error) => {
      throw new Error(`message ${path} does not compile: ${error.message}`);
    },
  });
  return ast as unknown as Tree;
}

function compileTree(path: string, value: unknown): Tree {
  if (typeof value === 'string') return compileMessage(path, value);
  if (Array.isArray(value)) return value.map((item, index) => compileTree(`${path}[${index}]`, item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compileTree(path ? `${path}.${key}` : key, item)]));
  }
  throw new Error(`message ${path} is a ${typeof value}, not text`);
}

/** English (and any later second language) is its own chunk: the worker's first screen carries zh-CN only. */
const LAZY_PREFIX = '\0doorstep-messages:';

function messagesJson(messages: unknown, locale: string): string {
  // JSON.parse of one string literal is quicker for the engine than the same object literal.
  return `JSON.parse(${JSON.stringify(JSON.stringify(compileTree(locale, messages)))})`;
}

async function loadMessages(): Promise<Record<string, unknown>> {
  const { MESSAGES } = (await tsImport(pathToFileURL(MESSAGES_MODULE).href, import.meta.url)) as { MESSAGES: Record<string, unknown> };
  return MESSAGES;
}

/**
 * Build only: the messages are evaluated in Node (they are TypeScript, some made from the domain's error table),
 * compiled to ASTs and put in the bundle as JSON — zh-CN in the module itself, every other locale in a chunk of
 * its own loaded when chosen — and vue-i18n's message compiler is left out of the bundle
 * (`__INTLIFY_DROP_MESSAGE_COMPILER__`). Tests and the dev server keep the plain strings and the full compiler.
 */
export function precompiledMessages(): Plugin {
  return {
    name: 'doorstep:precompiled-messages',
    apply: 'build',
    enforce: 'pre',
    config: () => ({ define: { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true' } }),
    resolveId(id) {
      return id.startsWith(LAZY_PREFIX) ? id : null;
    },
    async load(id) {
      if (id.startsWith(LAZY_PREFIX)) {
        const locale = id.slice(LAZY_PREFIX.length);
        return `export default ${messagesJson((await loadMessages())[locale], locale)};\n`;
      }
      if (id !== MESSAGES_MODULE) return null;
      const messages = await loadMessages();
      const lazy = Object.keys(messages).filter((locale) => locale !== 'zh-CN');
      return [
        `export const MESSAGES = { 'zh-CN': ${messagesJson(messages['zh-CN'], 'zh-CN')} };`,
        `export const LAZY_MESSAGES = { ${lazy
          .map((locale) => `${JSON.stringify(locale)}: () => import(${JSON.stringify(LAZY_PREFIX + locale)}).then((m) => m.default)`)
          .join(', ')} };`,
        '',
      ].join('\n');
    },
  };
}
