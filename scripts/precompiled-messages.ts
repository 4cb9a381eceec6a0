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
/** zh-CN's sections that only later screens use: a chunk of their own too. */
const LATER_ID = `${LAZY_PREFIX}zh-CN-later`;

function messagesJson(messages: unknown, locale: string): string {
  // JSON.parse of one string literal is quicker for the engine than the same object literal.
  return `JSON.parse(${JSON.stringify(JSON.stringify(compileTree(locale, messages)))})`;
}

interface MessagesModule {
  MESSAGES: Record<string, Record<string, unknown>>;
  LATER_SECTIONS: readonly string[];
}

async function loadMessages(): Promise<MessagesModule> {
  return (await tsImport(pathToFileURL(MESSAGES_MODULE).href, import.meta.url)) as MessagesModule;
}

/** zh-CN's sections split in two: the first screen's, and those only later screens use (LATER_SECTIONS). */
function splitSections(messages: Record<string, unknown>, later: readonly string[]): [Record<string, unknown>, Record<string, unknown>] {
  const missing = later.filter((section) => !(section in messages));
  if (missing.length > 0) throw new Error(`LATER_SECTIONS names sections zh-CN does not have: ${missing.join(', ')}`);
  const entries = Object.entries(messages);
  return [
    Object.fromEntries(entries.filter(([section]) => !later.includes(section))),
    Object.fromEntries(entries.filter(([section]) => later.includes(section))),
  ];
}

/**
 * Build only: the messages are evaluated in Node (they are TypeScript, some made from the domain's error table),
 * compiled to ASTs and put in the bundle as JSON — zh-CN's first-screen sections in the module itself, its
 * LATER_SECTIONS in a chunk loaded after the roster shows, every other locale in a chunk of its own loaded when
 * chosen — and vue-i18n's message compiler is left out of the bundle
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
      if (id === LATER_ID) {
        const { MESSAGES, LATER_SECTIONS } = await loadMessages();
        return `export default ${messagesJson(splitSections(MESSAGES['zh-CN']!, LATER_SECTIONS)[1], 'zh-CN')};\n`;
      }
      if (id.startsWith(LAZY_PREFIX)) {
        const locale = id.slice(LAZY_PREFIX.length);
        return `export default ${messagesJson((await loadMessages()).MESSAGES[locale], locale)};\n`;
      }
      if (id !== MESSAGES_MODULE) return null;
      const { MESSAGES: messages, LATER_SECTIONS } = await loadMessages();
      const lazy = Object.keys(messages).filter((locale) => locale !== 'zh-CN');
      const [first] = splitSections(messages['zh-CN']!, LATER_SECTIONS);
      return [
        `export const MESSAGES = { 'zh-CN': ${messagesJson(first, 'zh-CN')} };`,
        `export const LATER_SECTIONS = ${JSON.stringify(LATER_SECTIONS)};`,
        `export const LATER_MESSAGES = { 'zh-CN': () => import(${JSON.stringify(LATER_ID)}).then((m) => m.default) };`,
        `export const LAZY_MESSAGES = { ${lazy
          .map((locale) => `${JSON.stringify(locale)}: () => import(${JSON.stringify(LAZY_PREFIX + locale)}).then((m) => m.default)`)
          .join(', ')} };`,
        '',
      ].join('\n');
    },
  };
}
