/**
 * `isEvalSupported: false`: CVE-2024-4367, a crafted font reached `new Function` through pdf.js's compiled glyph
 * paths; without eval that path cannot run, whatever the version. The rest keeps pdf.js from touching anything but
 * the bytes: no font faces, no system fonts, no fetches, no XFA forms, no logging to the console.
 */
export const PDF_OPTIONS = Object.freeze({
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  enableXfa: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  disableAutoFetch: true,
  disableStream: true,
  verbosity: 0,
});
