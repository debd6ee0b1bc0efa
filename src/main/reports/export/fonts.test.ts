// Where the report fonts are found: the repository's assets/fonts, or GUICHET_ASSETS_DIR/fonts when set.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fontFiles, resolveFontPaths } from '../../kernel/fonts.ts';
import { toPdf } from './pdf.ts';
import { sampleTable } from './sample-table.ts';

const repoFonts = resolve(import.meta.dirname, '../../../../assets/fonts');
const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-assets-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('resolveFontPaths', () => {
  it('finds assets/fonts by walking up from the module, DejaVu and its licence beside it', () => {
    expect(resolveFontPaths({})).toEqual({ regular: join(repoFonts, 'DejaVuSans.ttf'), bold: join(repoFonts, 'DejaVuSans-Bold.ttf') });
    expect(readFileSync(join(repoFonts, 'LICENSE-DejaVu.txt'), 'utf8')).toContain('Bitstream Vera');
    // TrueType files, not LFS pointers or empty copies
    for (const file of Object.values(fontFiles)) expect([...readFileSync(join(repoFonts, file)).subarray(0, 4)]).toEqual([0, 1, 0, 0]);
  });

  it('uses GUICHET_ASSETS_DIR/fonts when set, and the PDF embeds the fonts found there', async () => {
    const assets = tempDir();
    mkdirSync(join(assets, 'fonts'));
    for (const file of Object.values(fontFiles)) copyFileSync(join(repoFonts, file), join(assets, 'fonts', file));
    expect(resolveFontPaths({ GUICHET_ASSETS_DIR: assets }).regular).toBe(join(assets, 'fonts', 'DejaVuSans.ttf'));
    const path = join(assets, 'report.pdf');
    writeFileSync(path, await toPdf(sampleTable(3), { createdAtMs: 0, env: { GUICHET_ASSETS_DIR: assets } }));
    expect(execFileSync('pdffonts', [path], { encoding: 'utf8' })).toMatch(/\+DejaVuSans\s/);
  });

  it('refuses a GUICHET_ASSETS_DIR without the fonts rather than fall back silently', () => {
    const empty = tempDir();
    expect(existsSync(join(empty, 'fonts'))).toBe(false);
    expect(() => resolveFontPaths({ GUICHET_ASSETS_DIR: empty })).toThrow(/GUICHET_ASSETS_DIR is set but .*fonts lacks DejaVuSans\.ttf/);
  });
});
