/**
 * Bundles the render harness page (render-harness.tsx with React, EditorCanvas and the renderers) into
 * one script with esbuild, the root's existing build tool: no Vite entry, no server. The tests load it
 * with page.setContent + addScriptTag.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./render-harness.tsx', import.meta.url));

/** The harness as one IIFE script. */
export async function harnessScript(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
