// Finds the embedded PDF fonts (DejaVu Sans, assets/fonts/) from the code or GUICHET_ASSETS_DIR.
//
// Standard PDF fonts are WinAnsi: they garble U+202F, the group separator of French
// amounts (notes/dependencies.md §0.3 item 5), so every report PDF embeds DejaVu.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fontFiles = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

export interface FontPaths {
  regular: string;
  bold: string;
}

/**
 * `$GUICHET_ASSETS_DIR/fonts` when the variable is set (the packaged app keeps its assets
 * outside the code); otherwise the first `assets/fonts` found walking up from this module
 * (src/documents in development, tests and the server; dist-electron/ when bundled).
 */
export function resolveFontPaths(env: NodeJS.ProcessEnv = process.env): FontPaths {
  const override = env['GUICHET_ASSETS_DIR'];
  if (override) {
    const dir = join(resolve(override), 'fonts');
    if (!hasFonts(dir)) throw new Error(`GUICHET_ASSETS_DIR is set but ${dir} lacks ${fontFiles.regular} or ${fontFiles.bold}`);
    return pathsIn(dir);
  }
  const searched: string[] = [];
  for (const start of moduleDirs()) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'assets', 'fonts');
      searched.push(candidate);
      if (hasFonts(candidate)) return pathsIn(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`report fonts not found; set GUICHET_ASSETS_DIR. Searched: ${searched.join(', ')}`);
}

/** This module's folder: from import.meta.url as ESM, from __dirname in a CommonJS bundle. */
function moduleDirs(): string[] {
  const dirs: string[] = [];
  const url: unknown = import.meta.url;
  if (typeof url === 'string' && url.startsWith('file:')) dirs.push(dirname(fileURLToPath(url)));
  if (typeof __dirname === 'string') dirs.push(__dirname);
  return dirs;
}

function hasFonts(dir: string): boolean {
  return existsSync(join(dir, fontFiles.regular)) && existsSync(join(dir, fontFiles.bold));
}

function pathsIn(dir: string): FontPaths {
  return { regular: join(dir, fontFiles.regular), bold: join(dir, fontFiles.bold) };
}
