/**
 * This browser's memory for the console (read marks): localStorage, which may be blocked
 * (privacy modes, policies); then the console simply forgets between reloads.
 */
export function recall(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked: nothing remembered
  }
}

export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch (error) {
    console.warn(`console: could not remember ${key}`, error);
  }
}
