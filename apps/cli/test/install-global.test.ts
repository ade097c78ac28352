import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** README's one command that puts `segkit` on the PATH from a clone: `npm install -g ./apps/cli`. */
describe('npm install -g ./apps/cli', () => {
  it('puts a segkit that runs from another folder', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'segkit-global-'));
    try {
      const install = spawnSync(
        'npm',
        ['install', '-g', './apps/cli', '--prefix', prefix, '--offline', '--no-audit', '--no-fund'],
        { cwd: REPO, encoding: 'utf8' },
      );
      expect(install.status, install.stderr).toBe(0);
      const elsewhere = mkdtempSync(join(tmpdir(), 'segkit-cwd-'));
      const version = spawnSync(join(prefix, 'bin', 'segkit'), ['--version'], { cwd: elsewhere, encoding: 'utf8' });
      rmSync(elsewhere, { recursive: true, force: true });
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
