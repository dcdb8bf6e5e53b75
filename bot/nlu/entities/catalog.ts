/**
 * Product names from a catalog: each product's name and aliases are matched case-insensitively on word
 * boundaries, longest first ("iPhone 15 Pro Max" over "iPhone 15"), through a trie of word sequences so the cost
 * grows with the message, not the catalog.
 */
import { z } from 'zod';
import type { Entity } from '../types.ts';
import { zodMessage } from './config.ts';
import { entityAt } from './span.ts';

const ProductSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
});

// A file may hold the list itself or `{ products: [...] }`.
const unwrap = (raw: unknown) =>
  raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'products' in raw ? raw.products : raw;

export const CatalogSchema = z.preprocess(
  unwrap,
  z.array(ProductSchema).superRefine((products, context) => {
    const seen = new Set<string>();
    products.forEach((product, i) => {
      if (seen.has(product.id)) context.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate product id "${product.id}"` });
      seen.add(product.id);
    });
  }),
);

export type Product = z.output<typeof ProductSchema>;

export function parseCatalog(raw: unknown, where = 'catalog'): readonly Product[] {
  const result = CatalogSchema.safeParse(raw);
  if (!result.success) throw new Error(zodMessage(where, result.error), { cause: result.error });
  return result.data;
}

interface Node {
  readonly next: Map<string, Node>;
  product?: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Between two words of one name the message may have spaces, a hyphen, a slash or a dot ("wi-fi", "USB-C").
const JOINER = /^[\s\-_/.]{1,3}$/u;
const fold = (word: string) => word.normalize('NFKC').toLowerCase();

export interface CatalogMatcher {
  find(text: string): Entity[];
}

export function createCatalogMatcher(products: readonly Product[]): CatalogMatcher {
  const root: Node = { next: new Map() };
  for (const product of products) {
    for (const name of [product.name, ...product.aliases]) {
      const words = [...name.matchAll(WORD)].map((m) => fold(m[0]));
      if (words.length === 0) continue;
      let node = root;
      for (const word of words) {
        let child = node.next.get(word);
        if (!child) node.next.set(word, (child = { next: new Map() }));
        node = child;
      }
      // The first product to claim a name keeps it.
      node.product ??= product.id;
    }
  }
  return { find: (text) => findProducts(text, root) };
}

function findProducts(text: string, root: Node): Entity[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ key: fold(m[0]), start: m.index, end: m.index + m[0].length }));
  const found: Entity[] = [];
  for (let i = 0; i < words.length; ) {
    let node: Node | undefined = root;
    let best: { end: number; product: string; next: number } | null = null;
    for (let j = i; j < words.length && node; j++) {
      if (j > i && !JOINER.test(text.slice(words[j - 1]!.end, words[j]!.start))) break;
      node = node.next.get(words[j]!.key);
      if (node?.product !== undefined) best = { end: words[j]!.end, product: node.product, next: j + 1 };
    }
    if (best) {
      found.push(entityAt(text, 'product', words[i]!.start, best.end, best.product));
      i = best.next;
    } else i += 1;
  }
  return found;
}
