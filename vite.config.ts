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
    // the renderer in a few chunks rather than one of 500 kB (issue 17): React, the other
    // libraries (i18next, zustand, zod…) and the application, each below the warning's size
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'libraries', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
});
