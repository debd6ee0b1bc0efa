// Builds the renderer (React) into dist/renderer, served by web mode and loaded by Electron.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
});
