import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findOnPath, provisionTool, ToolMissingError, type ToolRecipe } from './provision-tool.js';

const ENV = 'ROUNDTRIP_TEST_TOOL_PATH';

const recipe = (sources: ToolRecipe['sources']): ToolRecipe => ({ name: 'Frobnicator', envVar: ENV, sources, fix: 'apt-get install -y frobnicator' });

afterEach(() => {
  delete process.env[ENV];
});

describe('provisionTool', () => {
  it('takes the first source that has the tool', async () => {
    const tool = await provisionTool(
      recipe([
        { label: 'none here', find: () => undefined },
        { label: 'second', find: async () => '/opt/frob' },
        { label: 'third', find: () => '/never' },
      ]),
    );
    expect(tool).toEqual({ path: '/opt/frob', source: 'second' });
  });

  it('prefers the environment variable over every source', async () => {
    process.env[ENV] = tmpdir();
    expect(await provisionTool(recipe([{ label: 'npm', find: () => '/opt/frob' }]))).toEqual({ path: tmpdir(), source: ENV });
  });

  it('fails with the fix when no source has the tool, and when the variable names nothing', async () => {
    const missing = provisionTool(recipe([{ label: 'npm frob 1.0', find: () => undefined }]));
    await expect(missing).rejects.toThrow(ToolMissingError);
    await expect(missing).rejects.toThrow(
      'Frobnicator is missing for the tests (tried npm frob 1.0). Fix: apt-get install -y frobnicator, or set ROUNDTRIP_TEST_TOOL_PATH.',
    );
    process.env[ENV] = '/no/such/frobnicator';
    await expect(provisionTool(recipe([{ label: 'npm', find: () => '/opt/frob' }]))).rejects.toThrow(`${ENV}=/no/such/frobnicator does not exist`);
  });
});

describe('findOnPath', () => {
  it('finds an executable on PATH and ignores files that are not executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roundtrip-path-'));
    const saved = process.env.PATH;
    try {
      writeFileSync(join(dir, 'frob'), '#!/bin/sh\n', { mode: 0o755 });
      writeFileSync(join(dir, 'plain'), 'text', { mode: 0o644 });
      process.env.PATH = `/no/such/dir:${dir}`;
      expect(findOnPath('frob')).toBe(join(dir, 'frob'));
      expect(findOnPath('plain')).toBeUndefined();
    } finally {
      process.env.PATH = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
