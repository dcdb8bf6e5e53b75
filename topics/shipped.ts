import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The system topics shipped with the product; a topics folder without one of them uses these. */
export const SHIPPED_SYSTEM_TOPICS = join(dirname(fileURLToPath(import.meta.url)), 'demo', 'system');
