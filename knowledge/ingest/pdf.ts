import { typeScriptWorker } from '../../core/worker.ts';
import { IngestRefusal, type IngestLimits } from './limits.ts';
import type { PdfText } from './pdf-read.ts';

export { PDF_OPTIONS } from './pdf-options.ts';
export type { PdfText } from './pdf-read.ts';

/**
 * PDFs are read in a worker thread, for two reasons. pdf.js's Node build ships core-js polyfills that replace the
 * process's JSON.parse and JSON.stringify (Node 20 lacks JSON.rawJSON), which slowed every request by a third;
 * in a worker they replace only the worker's. And a PDF crafted to keep the parser busy is stopped by
 * terminating its thread at the time limit, which a timer on this thread could not do.
 */
const ENTRY = new URL('./pdf-thread.ts', import.meta.url);
/** A worker's heap: far above what a 20 MB PDF's text needs, far below what would hurt the server. */
const WORKER_HEAP_MB = 256;

export async function pdfToBlocks(bytes: Buffer, limits: IngestLimits): Promise<PdfText> {
  // The PDF spec allows junk before the header, within the first 1 024 bytes.
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new IngestRefusal('not a PDF: the file does not start with %PDF-');
  const worker = typeScriptWorker(ENTRY, {
    workerData: { bytes: new Uint8Array(bytes), limits },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  try {
    return await new Promise<PdfText>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new IngestRefusal(`the PDF took longer than ${limits.maxParseMs / 1000} s to read`)),
        limits.maxParseMs,
      );
      worker.once('message', (reply: { text?: PdfText; refusal?: string; error?: string }) => {
        clearTimeout(timer);
        if (reply.text) resolve(reply.text);
        else if (reply.refusal) reject(new IngestRefusal(reply.refusal));
        else reject(new Error(reply.error ?? 'the PDF reader failed'));
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        // Out of memory in the worker is the PDF's doing, not ours.
        reject(/memory/i.test(error.message) ? new IngestRefusal('the PDF needs too much memory to read') : error);
      });
    });
  } finally {
    await worker.terminate();
  }
}
