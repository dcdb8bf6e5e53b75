import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/**
 * Argon2id through `@node-rs/argon2` (prebuilt Rust binaries, no compiler at install). The parameters are OWASP's
 * first recommendation (19 MiB, 2 passes, 1 lane): about 40 ms per hash here, slow for a guesser, fine for sign-in.
 * They are written into each PHC string, so raising them later still verifies old hashes.
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing one is never a denial of service. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The policy: length only (NIST 800-63B): composition rules push people to predictable patterns. */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export interface PasswordVerifier {
  /** Checks `password` against `stored`; with no stored hash it still spends the same time and answers false. */
  verify(stored: string | undefined, password: string): Promise<boolean>;
}

/**
 * Sign-in must not tell "no such account" from "wrong password" by its timing, so an unknown email is checked
 * against a dummy hash made once with the same parameters.
 */
export async function createPasswordVerifier(): Promise<PasswordVerifier> {
  const dummy = await hashPassword(randomBytes(16).toString('base64url'));
  return {
    async verify(stored, password) {
      const matches = await verify(stored ?? dummy, password).catch(() => false); // a corrupt stored hash is a miss
      return stored !== undefined && matches;
    },
  };
}

/** A password for the generated first admin: 144 random bits, URL-safe so it survives copy and paste. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
