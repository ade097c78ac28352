/**
 * The web app runs in a browser: its sources import React, chart.js, each other and the pure
 * packages only (@segkit/core, formats, metrics, editor), never a Node module or the Node layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ALLOWED = new Set([
  'react',
  'react-dom/client',
  'chart.js',
  '@segkit/core',
  '@segkit/formats',
  '@segkit/metrics',
  '@segkit/editor',
]);

function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [
    ...code.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]);
}

function disallowed(files: ReadonlyArray<{ name: string; source: string }>): string[] {
  const out: string[] = [];
  for (const { name, source } of files) {
    for (const specifier of importsOf(source)) {
      if (specifier.startsWith('./') || specifier.startsWith('../') || ALLOWED.has(specifier)) continue;
      out.push(`${name}: ${specifier}`);
    }
  }
  return out;
}

describe('apps/web/src imports', () => {
  it('reach only React, chart.js, the pure packages and the app itself', () => {
    const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return { name: relative(SRC, path), source: readFileSync(path, 'utf8') };
      });
    expect(files.length).toBeGreaterThan(20);
    expect(disallowed(files)).toEqual([]);
  });

  it('the check finds Node modules, the Node layer and unknown packages', () => {
    const source = [
      "import { readFile } from 'node:fs/promises';",
      "import { evalSemantic } from '@segkit/jobs';",
      "import 'zlib';",
      "const lazy = await import('left-pad');",
      "import { decode } from '@segkit/core';",
      "import { App } from './App.js';",
    ].join('\n');
    expect(disallowed([{ name: 'x.ts', source }])).toEqual([
      'x.ts: node:fs/promises',
      'x.ts: @segkit/jobs',
      'x.ts: zlib',
      'x.ts: left-pad',
    ]);
  });
});
