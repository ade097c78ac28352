/**
 * The layering rule over the import graph of `packages/*\/src` and `apps/*\/src`: dependencies point
 * one way, core <- formats/metrics/scope/editor <- jobs <- apps. Import specifiers are read from the
 * sources (static `import`/`export ... from`, side-effect imports and dynamic `import('...')`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const PURE = new Set(['core', 'metrics', 'scope', 'formats', 'editor']);
/** The workspaces under apps/ (programs), by package name. */
const APPS = new Set(['cli', 'server', 'web']);

/** Which @segkit packages each package may import (apps may import every library). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  metrics: ['core'],
  scope: ['core'],
  formats: ['core'],
  editor: ['core'],
  jobs: ['core', 'metrics', 'scope', 'formats'],
  testing: ['core'],
};

export interface Edge {
  /** `packages/formats` or `apps/cli`. */
  from: string;
  file: string;
  specifier: string;
}

/** Every import specifier in a TypeScript source. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The rule's violations among `edges`, one line each. */
export function violations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const { from, file, specifier } of edges) {
    const [kind, name] = from.split('/');
    const say = (why: string) => out.push(`${file}: imports ${specifier}: ${why}`);
    let target: string | undefined; // `packages/x` or `apps/x` when the import reaches another workspace
    if (specifier.startsWith('@segkit/')) {
      const imported = specifier.slice('@segkit/'.length).split('/')[0];
      target = APPS.has(imported) ? `apps/${imported}` : `packages/${imported}`;
    } else if (specifier.startsWith('.')) {
      const resolved = relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep);
      const owner = resolved.slice(0, 2).join('/');
      if (owner !== from) target = owner;
    } else if (PURE.has(name) && kind === 'packages' && BUILTINS.has(specifier)) {
      say(`${name} is pure: no Node module`);
      continue;
    }
    if (target === undefined) continue;
    if (specifier.startsWith('.')) say('another workspace is imported by its package name, not a relative path');
    if (target.startsWith('apps/')) {
      if (kind === 'packages') say('a library never imports an app');
      continue;
    }
    const imported = target.split('/')[1];
    if (kind === 'packages' && !(ALLOWED[name] ?? []).includes(imported)) {
      say(`${name} may import ${ALLOWED[name]?.length ? ALLOWED[name].join(', ') : 'no @segkit package'}`);
    }
  }
  return out;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

function workspaceEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const kind of ['packages', 'apps']) {
    for (const name of readdirSync(join(ROOT, kind))) {
      let files: string[];
      try {
        files = sourceFiles(`${kind}/${name}/src`);
      } catch {
        continue; // a workspace without src
      }
      for (const file of files) {
        for (const specifier of importSpecifiers(readFileSync(join(ROOT, file), 'utf8'))) {
          edges.push({ from: `${kind}/${name}`, file, specifier });
        }
      }
    }
  }
  return edges;
}

describe('the import graph keeps the layering rule', () => {
  it('no package or app source breaks it', () => {
    const edges = workspaceEdges();
    expect(edges.length).toBeGreaterThan(200);
    expect(violations(edges)).toEqual([]);
  });

  it('each kind of violation is found (the check can fail)', () => {
    const edge = (from: string, specifier: string, file = `${from}/src/x.ts`): Edge => ({ from, file, specifier });
    expect(
      violations([
        edge('packages/core', '@segkit/formats'),
        edge('packages/formats', '@segkit/jobs'),
        edge('packages/metrics', '@segkit/scope'),
        edge('packages/formats', 'node:fs'),
        edge('packages/scope', 'zlib'),
        edge('packages/jobs', '@segkit/cli'),
        edge('packages/formats', '../../../../apps/cli/src/main.js', 'packages/formats/src/io/x.ts'),
        edge('packages/formats', '../../../core/src/index.js', 'packages/formats/src/io/x.ts'),
        // allowed:
        edge('packages/jobs', 'node:fs'),
        edge('packages/jobs', '@segkit/formats'),
        edge('apps/cli', '@segkit/jobs'),
        edge('packages/formats', './paths.js', 'packages/formats/src/io/x.ts'),
      ]).map((line) => line.slice(line.indexOf('imports'))),
    ).toEqual([
      'imports @segkit/formats: core may import no @segkit package',
      'imports @segkit/jobs: formats may import core',
      'imports @segkit/scope: metrics may import core',
      'imports node:fs: formats is pure: no Node module',
      'imports zlib: scope is pure: no Node module',
      'imports @segkit/cli: a library never imports an app',
      'imports ../../../../apps/cli/src/main.js: another workspace is imported by its package name, not a relative path',
      'imports ../../../../apps/cli/src/main.js: a library never imports an app',
      'imports ../../../core/src/index.js: another workspace is imported by its package name, not a relative path',
    ]);
  });

  it('importSpecifiers reads static, re-export, side-effect and dynamic imports, not comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '@segkit/core';",
      "export { c } from 'node:fs';",
      "import 'side-effect';",
      "const d = await import('./lazy.js');",
      "// import { e } from 'commented';",
      "/* import { f } from 'block'; */",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      ['./a.js', '@segkit/core', 'node:fs', 'side-effect', './lazy.js'].sort(),
    );
  });
});
