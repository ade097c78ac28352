/**
 * The pure packages load in a browser: each is bundled by esbuild for `platform: 'browser'` from its
 * TypeScript sources (sibling packages aliased to their sources too), and the bundle must resolve
 * without any Node builtin (`node:fs`, `zlib`, `path`, ...), which esbuild cannot find for a browser.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Message } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PURE = ['core', 'metrics', 'scope', 'formats', 'editor'] as const;
const alias = Object.fromEntries(PURE.map((name) => [`@segkit/${name}`, `${ROOT}packages/${name}/src/index.ts`]));
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Bundles `entry` (a file, or source text) for the browser; the Node builtins it reached, and esbuild's errors. */
async function bundleForBrowser(entry: { file: string } | { contents: string }) {
  const reached: string[] = [];
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    alias,
    plugins: [
      {
        // Records every builtin import (esbuild would only report the first failure per file).
        name: 'node-builtins',
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, (args) => {
            if (!BUILTINS.has(args.path)) return undefined;
            reached.push(`${args.path} (from ${args.importer.replace(ROOT, '')})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  }).catch((error: { errors?: Message[] }) => ({ errors: error.errors ?? [], outputFiles: [] }));
  return { reached, errors: result.errors.map((m) => m.text), bytes: result.outputFiles?.[0]?.contents.length ?? 0 };
}

describe('the pure packages bundle for the browser', () => {
  it.each(PURE)('@segkit/%s bundles with platform browser and reaches no Node builtin', async (name) => {
    const { reached, errors, bytes } = await bundleForBrowser({ file: `${ROOT}packages/${name}/src/index.ts` });
    expect(errors).toEqual([]);
    expect(reached).toEqual([]);
    expect(bytes).toBeGreaterThan(1000);
  });

  it('the check catches a Node import, with or without the node: prefix, also through a dependency', async () => {
    const direct = await bundleForBrowser({ contents: "import { readFileSync } from 'node:fs'; readFileSync('x');" });
    expect(direct.reached).toEqual(['node:fs (from <stdin>)']);
    const bare = await bundleForBrowser({
      contents: "import { inflateSync } from 'zlib'; inflateSync(new Uint8Array());",
    });
    expect(bare.reached).toEqual(['zlib (from <stdin>)']);
    const jobs = await bundleForBrowser({ file: `${ROOT}packages/jobs/src/index.ts` });
    expect(jobs.reached.some((path) => path.startsWith('node:fs/promises'))).toBe(true);
  });
});
