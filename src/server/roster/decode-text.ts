/**
 * The text of a CSV file. Excel on a Chinese Windows saves "CSV" in the system code page (GBK, which
 * GB18030 contains), and "CSV UTF-8" with a byte order mark; other tools write UTF-8 without one. Bytes that
 * are valid UTF-8 are read as UTF-8; anything else as GB18030, which every byte sequence GBK writes decodes in.
 * A file of Chinese text in GBK is almost never valid UTF-8 by accident (its lead bytes 0x81–0xFE followed by
 * ASCII or another lead byte break UTF-8's continuation rule within a few characters).
 */
export function decodeCsvText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
