import { z } from 'zod';
import { AiUnavailableError } from './errors.ts';

/** An embeddings response asked for with `encoding_format: 'base64'`: each vector is little-endian float32 bytes. */
const Base64Embeddings = z.object({
  data: z.array(z.object({ index: z.number(), embedding: z.string() })),
});

/** Vectors in input order; a short, misordered or ragged answer is `invalid-output`, never a silent mismatch. */
export function decodeEmbeddings(response: unknown, expected: number): Float32Array[] {
  const parsed = Base64Embeddings.safeParse(response);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AiUnavailableError('invalid-output', `embeddings.${issue?.path.join('.')}: ${issue?.message}`, {
      cause: parsed.error,
    });
  }
  const vectors: (Float32Array | undefined)[] = Array.from({ length: expected }, () => undefined);
  for (const item of parsed.data.data) {
    if (!Number.isInteger(item.index) || item.index < 0 || item.index >= expected || vectors[item.index]) {
      throw new AiUnavailableError('invalid-output', `embeddings: unexpected index ${item.index}`);
    }
    vectors[item.index] = fromBase64(item.embedding);
  }
  const dimension = vectors[0]?.length ?? 0;
  if (vectors.some((v) => !v || v.length !== dimension) || dimension === 0) {
    throw new AiUnavailableError('invalid-output', `embeddings: expected ${expected} vectors of one dimension`);
  }
  return vectors as Float32Array[];
}

function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new AiUnavailableError('invalid-output', 'embeddings: not float32 data');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
