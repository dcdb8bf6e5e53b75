import type { Logger } from '../../core/logger.ts';
import type { AccountStore } from './account-store.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/** The sign-in name of the generated first admin when HUB_ADMIN_EMAIL is unset. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

export type SeedOutcome = 'from-environment' | 'generated' | 'accounts-exist';

/**
 * Makes sure a fresh hub has someone who can sign in and create the other accounts. Runs on every start but acts
 * only while no account exists at all, so the environment never overrides what admins changed later.
 *
 * With HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD set, that admin is created. With neither, an admin@localhost with a
 * random password is created and the password logged once, at warn level: a fresh `npm start` is usable at once,
 * only the hash is stored, and the next start (the table no longer empty) never logs it again.
 */
export async function seedFirstAdmin(
  accounts: AccountStore,
  o: { email: string | undefined; password: string | undefined; log: Logger },
): Promise<SeedOutcome> {
  if ((await accounts.count()) > 0) {
    if (o.password) o.log.info('HUB_ADMIN_PASSWORD is ignored: hub accounts exist (change passwords through the accounts API)');
    return 'accounts-exist';
  }
  const generated = o.password ? undefined : generatePassword();
  const email = (o.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
  const created = await accounts.createFirst({
    email,
    displayName: 'Administrator',
    role: 'admin',
    passwordHash: await hashPassword(o.password ?? generated!),
  });
  // Another node created the first account between our count and our insert: it logs, we stay quiet.
  if (!created) return 'accounts-exist';
  if (!generated) {
    o.log.info({ email }, 'created the first hub admin from HUB_ADMIN_EMAIL');
    return 'from-environment';
  }
  o.log.warn(
    `Created the first hub admin. Sign in at /console as ${email} with the password ${generated} ` +
      '(shown only this once; only its hash is stored), then set your own with POST /api/hub/accounts/:id/password. ' +
      'To choose the first admin yourself instead, set HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD before the first start.',
  );
  return 'generated';
}
