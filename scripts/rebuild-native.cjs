// electron-builder beforeBuild hook: rebuild better-sqlite3 (and only it) for the
// Electron version being packaged. Needs Electron's headers, so it runs on a machine
// with internet; on this machine's npm config (nodedir=/usr) a rebuild would silently
// use Node's headers, which is why packaging is not done here.
const { execFileSync } = require('node:child_process');

module.exports = async function beforeBuild(context) {
  const electronVersion = context.electronVersion || require('electron/package.json').version;
  // @electron/rebuild is fetched here, like electron-builder by `npm run dist`: both need Node
  // 22.12 or later, which the packaging machine has and the till's install does not require
  execFileSync('npx', ['--yes', '-p', '@electron/rebuild@4.2.1', 'electron-rebuild', '--only', 'better-sqlite3', '--force', '--version', electronVersion], { stdio: 'inherit' });
  return false; // dependencies are handled: electron-builder must not reinstall them
};
