// Hands a file from the services (base64) to the browser's downloads: a Blob behind an
// <a download>. No window.open: the desktop app blocks new windows.

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Long enough for the browser to have read the Blob, short enough not to keep it around. */
const blobUrlLifetimeMs = 60_000;

export function downloadFile(file: { fileName: string; mimeType: string; contentBase64: string }): void {
  const blob = new Blob([base64ToBytes(file.contentBase64)], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), blobUrlLifetimeMs);
}
