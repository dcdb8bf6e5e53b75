/** Where knowledge comes from: the source contract and its implementations. */
export type { KnowledgeSource, SourceChange, SourceItem, SyncBatch } from './source.ts';
export { createSharePointSource, type SharePointSourceOptions } from './sharepoint.ts';
export { sharePointCredential, type SharePointCredentialOptions } from './sharepoint-credential.ts';
export { SHAREPOINT_COLUMNS } from './sharepoint-columns.ts';
export { GRAPH_BASE_URL, GraphError } from './graph-client.ts';
export { folderSource } from './folder.ts';
