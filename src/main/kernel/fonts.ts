// The embedded PDF fonts, found by src/documents/fonts.ts (the till's reports and the server's invoice PDFs share them).
export { fontFiles, resolveFontPaths, type FontPaths } from '../../documents/fonts.ts';
