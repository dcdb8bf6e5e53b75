/**
 * Which passage lives in which slot, and who may see it. Slots are small integers that the postings and the vector
 * store index by; a removed passage's slot is reused so arrays stay dense under constant upserts.
 */

export interface IndexEntry {
  readonly passageId: string;
  readonly documentId: string;
  readonly title: string;
  readonly question?: string;
  readonly headings: readonly string[];
  readonly text: string;
  readonly audience: 'internal' | 'external';
  readonly product?: string;
  readonly version?: string;
}

export interface SearchFilter {
  /** 'external': external entries only (customers); 'internal': everything (reps); absent: everything. */
  readonly audience?: 'internal' | 'external';
  /** Entries for that product, or for no product in particular. */
  readonly product?: string;
  /** Entries for that version, or for no version in particular. */
  readonly version?: string;
}

const NONE = 0;
const UNKNOWN = -1;

export class EntryTable {
  private readonly passageIds: string[] = [];
  private readonly documentIds: string[] = [];
  private readonly internal: boolean[] = [];
  private readonly products: number[] = [];
  private readonly versions: number[] = [];
  private readonly byDocument = new Map<string, number[]>();
  private readonly free: number[] = [];
  /** Interned product and version names: filters then compare small integers per posting. */
  private readonly names = new Map<string, number>([['', NONE]]);
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Slots of a document's entries, in upsert order. */
  slotsOf(documentId: string): readonly number[] {
    return this.byDocument.get(documentId) ?? [];
  }

  add(entry: IndexEntry): number {
    const slot = this.free.pop() ?? this.passageIds.length;
    this.passageIds[slot] = entry.passageId;
    this.documentIds[slot] = entry.documentId;
    this.internal[slot] = entry.audience === 'internal';
    this.products[slot] = this.intern(entry.product);
    this.versions[slot] = this.intern(entry.version);
    const slots = this.byDocument.get(entry.documentId) ?? [];
    slots.push(slot);
    this.byDocument.set(entry.documentId, slots);
    this.live++;
    return slot;
  }

  /** Frees every slot of the document; returns them so the caller can clear its own structures. */
  removeDocument(documentId: string): readonly number[] {
    const slots = this.byDocument.get(documentId) ?? [];
    this.byDocument.delete(documentId);
    for (const slot of slots) {
      this.free.push(slot);
      this.live--;
    }
    return slots;
  }

  passageId(slot: number): string {
    return this.passageIds[slot]!;
  }

  documentId(slot: number): string {
    return this.documentIds[slot]!;
  }

  /** A slot predicate for the filter; checked per posting, so it compares integers only. */
  acceptor(filter: SearchFilter | undefined): (slot: number) => boolean {
    const externalOnly = filter?.audience === 'external';
    const product = filter?.product === undefined ? undefined : (this.names.get(filter.product) ?? UNKNOWN);
    const version = filter?.version === undefined ? undefined : (this.names.get(filter.version) ?? UNKNOWN);
    if (!externalOnly && product === undefined && version === undefined) return () => true;
    return (slot) =>
      !(externalOnly && this.internal[slot]) &&
      (product === undefined || this.products[slot] === NONE || this.products[slot] === product) &&
      (version === undefined || this.versions[slot] === NONE || this.versions[slot] === version);
  }

  private intern(name: string | undefined): number {
    if (name === undefined || name === '') return NONE;
    let id = this.names.get(name);
    if (id === undefined) {
      id = this.names.size;
      this.names.set(name, id);
    }
    return id;
  }
}
