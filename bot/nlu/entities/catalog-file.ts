/** Reads a product catalog file, JSON or YAML (`[{id, name, aliases}]` or `{products: [...]}`). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseCatalog, type Product } from './catalog.ts';

export function loadCatalogFile(path: string): readonly Product[] {
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseCatalog(raw, path);
}
