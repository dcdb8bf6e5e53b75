import { decodeXML } from 'entities';
import mammoth from 'mammoth';
import { IngestRefusal, withTimeout, type IngestLimits } from './limits.ts';
import { checkZip } from './zip-guard.ts';

/**
 * DOCX to HTML with mammoth (which maps Word's heading styles to <h1>…<h6>), after the zip guard has checked the
 * package; the HTML then takes the HTML path, so headings and lists survive.
 */

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CORE_PROPERTIES = 'docProps/core.xml';

export interface DocxHtml {
  readonly html: string;
  /** The document's Title property, when set. */
  readonly title?: string;
}

export async function docxToHtml(bytes: Buffer, limits: IngestLimits): Promise<DocxHtml> {
  if (!bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    // Password-protected Word files are OLE containers, not zips: the most common "damaged DOCX" a maker sees.
    throw new IngestRefusal('not a DOCX: the file is not a zip package (password-protected documents cannot be read)');
  }
  const zip = await checkZip(bytes, limits, 'DOCX', [CORE_PROPERTIES]);
  if (!zip.names.has('word/document.xml')) throw new IngestRefusal('not a DOCX: word/document.xml is missing');
  const convert = mammoth.convertToHtml(
    { buffer: bytes },
    {
      // Images are not text: do not read them (the default inlines each as a base64 data URI).
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      // A DOCX can link images by file path; never let one read this server's files.
      externalFileAccess: false,
    },
  );
  try {
    const result = await withTimeout(convert, limits.maxParseMs, `the DOCX took longer than ${limits.maxParseMs / 1000} s to read`);
    const title = titleOf(zip.kept.get(CORE_PROPERTIES));
    return title ? { html: result.value, title } : { html: result.value };
  } catch (error) {
    if (error instanceof IngestRefusal) throw error;
    throw new IngestRefusal(`the DOCX could not be read (${String((error as Error)?.message ?? error).replace(/\.$/, '')})`);
  }
}

function titleOf(core: Buffer | undefined): string | undefined {
  const match = core && /<dc:title(?:\s[^>]*)?>([^<]*)<\/dc:title>/.exec(core.toString('utf8'));
  const title = match ? decodeXML(match[1]!).replace(/\s+/g, ' ').trim() : '';
  return title || undefined;
}
