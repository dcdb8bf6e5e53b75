/** The worker side of pdf.ts: reads one PDF and posts the text back (or why it was refused). */
import { parentPort, workerData } from 'node:worker_threads';
import { IngestRefusal, type IngestLimits } from './limits.ts';
import { readPdf } from './pdf-read.ts';

const { bytes, limits } = workerData as { bytes: Uint8Array; limits: IngestLimits };
readPdf(bytes, limits).then(
  (text) => parentPort!.postMessage({ text }),
  (error: unknown) =>
    parentPort!.postMessage(error instanceof IngestRefusal ? { refusal: error.message } : { error: String((error as Error)?.message ?? error) }),
);
