import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with none of its background network traffic (this machine has no internet).
 * Playwright gives every launch a fresh temporary profile (it refuses a --user-data-dir argument to launch()).
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
