// Which paths a printer may be opened on (issue 13): a character device — a kernel printer
// file (/dev/usb/lpN) or a serial port (/dev/ttyUSB0, /dev/pts/N) — and nothing else.
// A printer's bytes must never land in a regular file: a path to the journal key would
// overwrite it. Symlinks are followed and their target is what is checked.
import { realpathSync, statSync } from 'node:fs';

export type DevicePathProblem = 'not_absolute' | 'missing' | 'not_character_device';

export type DevicePathCheck = { ok: true; realPath: string } | { ok: false; reason: DevicePathProblem };

/** Windows names its serial ports COMn; no file can bear such a name there. */
const windowsPort = /^COM[0-9]{1,3}$/;

/**
 * Where `path` leads, if it is a character device. Checked when a printer is saved and
 * again each time its connection is opened (a device can be replaced by a file between).
 */
export function checkDevicePath(path: string, platform: NodeJS.Platform = process.platform): DevicePathCheck {
  if (platform === 'win32' && windowsPort.test(path)) return { ok: true, realPath: path };
  if (!path.startsWith('/')) return { ok: false, reason: 'not_absolute' };
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    if (!statSync(realPath).isCharacterDevice()) return { ok: false, reason: 'not_character_device' };
  } catch {
    return { ok: false, reason: 'missing' };
  }
  return { ok: true, realPath };
}
