import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatModel } from '../core/ai/index.ts';
import type { Logger } from '../core/logger.ts';
import type { Sql } from '../core/storage/index.ts';
import type { WordVectors } from '../core/text/index.ts';
import { KnowledgeBase } from './base.ts';
import { DEFAULT_ANSWER_THRESHOLD, KnowledgeIndex, parseSynonyms } from './index/index.ts';
import { createSharePointSource, folderSource, type KnowledgeSource, sharePointCredential } from './sources/index.ts';
import { SemanticLayer } from './semantic/layer.ts';
import { KnowledgeStore } from './store.ts';

/** The synonym groups shipped with the product (outside the knowledge folder, so they are not indexed as an article). */
export const SHIPPED_SYNONYMS = join(dirname(fileURLToPath(import.meta.url)), 'synonyms.txt');

export interface KnowledgeOptions {
  /** The local folder of knowledge files. */
  readonly dir: string;
  readonly synonymsFile: string | undefined;
  /** Confidence below which the bot says it does not know; unset: the ranker's tuned default. */
  readonly threshold: number | undefined;
  readonly sharePoint?: {
    readonly siteUrl: string;
    readonly library: string;
    readonly tenantId?: string | undefined;
    readonly clientId?: string | undefined;
    readonly clientSecret?: string | undefined;
  };
}

/**
 * Builds the knowledge base from its options: the folder source (and SharePoint when configured), the store,
 * and the ranker with the synonyms and word vectors. The app and the `knowledge` CLI build it the same way.
 */
export interface KnowledgeCloud {
  /** Embeds passages and queries for hybrid search (Azure OpenAI's embeddings deployment). */
  readonly embeddings?: { readonly model: ChatModel; readonly modelName: string; readonly minSimilarity: number; readonly queryTimeoutMs: number };
  /** Writes grounded answers with numbered citations (Azure OpenAI's chat deployment). */
  readonly generator?: { readonly chat: ChatModel; readonly timeoutMs: number };
}

export async function createKnowledgeBase(
  o: KnowledgeOptions,
  parts: { sql: Sql; log: Logger; wordVectors?: WordVectors; cloud?: KnowledgeCloud },
): Promise<KnowledgeBase> {
  const sources: KnowledgeSource[] = [folderSource({ dir: o.dir })];
  if (o.sharePoint) {
    const { siteUrl, library, ...auth } = o.sharePoint;
    sources.push(createSharePointSource({ siteUrl, library, credential: sharePointCredential(auth), log: parts.log }));
  }
  const synonyms = o.synonymsFile ? parseSynonyms(await readFile(o.synonymsFile, 'utf8')) : undefined;
  const index = new KnowledgeIndex({ ...(parts.wordVectors ? { wordVectors: parts.wordVectors } : {}), ...(synonyms ? { synonyms } : {}) });
  const embeddings = parts.cloud?.embeddings;
  const semantic = embeddings
    ? await SemanticLayer.open({ model: embeddings.model, modelName: embeddings.modelName, sql: parts.sql, log: parts.log, queryTimeoutMs: embeddings.queryTimeoutMs })
    : undefined;
  return KnowledgeBase.open({
    store: new KnowledgeStore(parts.sql),
    index,
    sources,
    threshold: o.threshold ?? DEFAULT_ANSWER_THRESHOLD,
    ...(semantic ? { semantic, minSimilarity: embeddings!.minSimilarity } : {}),
    ...(parts.cloud?.generator ? { generator: parts.cloud.generator } : {}),
    log: parts.log,
  });
}
