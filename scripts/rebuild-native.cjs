// electron-builder beforeBuild hook: rebuild better-sqlite3 (and only it) for the
// Electron version being packaged. Needs Electron's headers, so it runs on a machine
// with internet; on this machine's npm config (nodedir=/usr) a rebuild would silently
// use Node's headers, which is why packaging is not done here.
const { execFileSync } = require('node:child_process');

module.exports = async function beforeBuild(context) {
  const electronVersion = context.electronVersion || require('electron/package.json').version;
  execFileSync('npx', ['electron-rebuild', '--only', 'better-sqlite3', '--force', '--version', electronVersion], { stdio: 'inherit' });
  return false; // dependencies are handled: electron-builder must not reinstall them
};
