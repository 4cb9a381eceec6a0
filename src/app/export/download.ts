import { safeFileName, XLSX_MIME } from './sheet-workbook';

/**
 * Hands the bytes to the browser as a file: a Blob behind an object URL and a temporary <a download>. Nothing
 * goes over the network, so it works offline; the URL is revoked once the click has been dispatched.
 */
export function downloadFile(bytes: ArrayBuffer, fileName: string, type: string = XLSX_MIME): string {
  const name = safeFileName(fileName);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the URL after click() returns: revoke on the next turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}
