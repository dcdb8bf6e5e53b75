import { IngestRefusal } from './limits.ts';

/**
 * Bytes of a text format (.md, .html, .txt) to a string. A binary file renamed .md must be refused, not indexed as
 * mojibake; a legacy Windows file (café in Windows-1252) or a Notepad "Unicode" (UTF-16) file must still read.
 */

/**
 * Shares above which a file is binary rather than text in another encoding: random bytes decode as ~50% invalid
 * UTF-8 and are full of control bytes; dense Windows-1252 text (short French lines) stays well under 20% invalid.
 */
const MAX_INVALID_SHARE = 0.2;
const MAX_CONTROL_SHARE = 0.02;

export function decodeText(bytes: Buffer, extension: string): string {
  const binary = new IngestRefusal(`binary content in a ${extension} file`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeStrict(bytes.subarray(2), 'utf-16le', binary);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeStrict(bytes.subarray(2), 'utf-16be', binary);
  if (bytes.includes(0)) throw binary;
  if (controlShare(bytes) > MAX_CONTROL_SHARE) throw binary;
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  const invalid = countChar(text, '\uFFFD');
  if (invalid === 0) return text;
  if (invalid / Math.max(text.length, 1) > MAX_INVALID_SHARE) throw binary;
  // A few invalid sequences and no control bytes: text saved in the Windows code page, not UTF-8.
  return new TextDecoder('windows-1252').decode(bytes);
}

function decodeStrict(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', binary: IngestRefusal): string {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    if (text.includes('\0')) throw binary;
    return text;
  } catch {
    // Not decodable in the encoding its byte-order mark promises: not a text file.
    throw binary;
  }
}

/** Bytes below 0x20 other than tab, newline, form feed and carriage return, plus DEL. */
function controlShare(bytes: Buffer): number {
  let control = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++;
  return control / Math.max(bytes.length, 1);
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}
