import busboy from 'busboy';
import type { Request } from 'restify';
import { badRequest, HttpError } from '../../core/http/index.ts';

export interface UploadedFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface Upload {
  /** The `application/vnd.microsoft.activity` part, parsed; absent for a bare file upload. */
  readonly activity: unknown;
  readonly files: UploadedFile[];
}

const ACTIVITY_TYPE = 'application/vnd.microsoft.activity';
const tooLarge = (max: number) => new HttpError(413, 'PayloadTooLarge', `upload exceeds ${max} bytes`);

/**
 * Direct Line uploads: multipart/form-data with `file` parts and an optional activity part, or one raw file whose
 * name comes from Content-Disposition. Sizes are capped while streaming, so an oversized upload is never buffered.
 */
export function readUpload(req: Request, limits: { maxBytes: number; maxFiles: number }): Promise<Upload> {
  const type = req.header('content-type') ?? 'application/octet-stream';
  return type.startsWith('multipart/form-data') ? readMultipart(req, limits) : readSingle(req, type, limits.maxBytes);
}

async function readSingle(req: Request, contentType: string, maxBytes: number): Promise<Upload> {
  const disposition = req.header('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'file';
  const bytes = await collect(req, maxBytes);
  if (bytes.length === 0) throw badRequest('upload: the body is empty');
  return { activity: undefined, files: [{ name, contentType, bytes }] };
}

function readMultipart(req: Request, limits: { maxBytes: number; maxFiles: number }): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 5 } });
    } catch (error) {
      reject(badRequest(`upload: ${(error as Error).message}`));
      return;
    }
    const files: UploadedFile[] = [];
    let activity: unknown;
    let total = 0;
    let failed: Error | undefined;
    const fail = (error: Error) => {
      failed ??= error;
    };
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxBytes) fail(tooLarge(limits.maxBytes));
        else chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits.maxBytes)));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (info.mimeType === ACTIVITY_TYPE) {
          try {
            activity = JSON.parse(bytes.toString('utf8'));
          } catch {
            fail(badRequest('upload: the activity part is not valid JSON'));
          }
        } else {
          files.push({ name: info.filename || 'file', contentType: info.mimeType || 'application/octet-stream', bytes });
        }
      });
    });
    parser.on('field', (_name, value) => {
      try {
        activity ??= JSON.parse(value);
      } catch {
        fail(badRequest('upload: a form field is not valid JSON'));
      }
    });
    parser.on('filesLimit', () => fail(badRequest(`upload: at most ${limits.maxFiles} files`)));
    parser.on('error', (error: Error) => reject(badRequest(`upload: ${error.message}`)));
    parser.on('close', () => {
      if (failed) reject(failed);
      else if (files.length === 0) reject(badRequest('upload: no file part'));
      else resolve({ activity, files });
    });
    req.pipe(parser);
  });
}

function collect(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(tooLarge(maxBytes));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
