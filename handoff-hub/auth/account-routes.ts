import type { Request, Server } from 'restify';
import { z } from 'zod';
import { forbidden, HttpError, notFound, parseBody, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import { type Account, type AccountStore, DuplicateEmailError, LastAdminError } from './account-store.ts';
import { emailSchema, jsonBody } from './auth-routes.ts';
import type { Guard } from './guard.ts';
import { hashPassword, passwordSchema } from './passwords.ts';
import { can, type Principal, ROLES } from './policy.ts';
import type { Sessions } from './sessions.ts';

// Skills and languages are routing labels ("billing", "de"): short, trimmed, no duplicates.
const labels = z
  .array(z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.:-]+$/u, 'letters, digits, _ . : - only'))
  .max(50)
  .transform((items) => [...new Set(items)]);
const fields = {
  displayName: z.string().trim().min(1, 'required').max(100),
  role: z.enum(ROLES),
  skills: labels,
  languages: labels,
  capacity: z.number().int().min(0).max(100),
};

const createSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    ...fields,
    skills: fields.skills.default([]),
    languages: fields.languages.default([]),
    capacity: fields.capacity.default(3),
  })
  .strict();
const updateSchema = z
  .object({ ...fields, disabled: z.boolean() })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'name at least one field to change');
const passwordBody = z.object({ password: passwordSchema }).strict();

export interface AccountRoutesOptions {
  readonly accounts: AccountStore;
  readonly sessions: Sessions;
  readonly guard: Guard;
  readonly now: () => Date;
  readonly log: Logger;
}

/** What an admin sees of an account: everything but the hash. */
export const accountJson = (a: Account) => ({
  id: a.id,
  email: a.email,
  displayName: a.displayName,
  role: a.role,
  skills: a.skills,
  languages: a.languages,
  capacity: a.capacity,
  disabled: a.disabled,
  createdAt: a.createdAt.toISOString(),
  passwordChangedAt: a.passwordChangedAt.toISOString(),
});

/** Account management under `/api/hub/accounts`, for admins only. */
export function mountAccountRoutes(server: Server, o: AccountRoutesOptions): void {
  const { log } = o;
  const admin = async (req: Request): Promise<Principal> => {
    const { principal } = await o.guard.principal(req);
    if (!can(principal, 'accounts.manage')) throw forbidden('only admins manage hub accounts');
    return principal;
  };
  const accountId = (req: Request) => String(req.params?.id ?? '');

  server.get('/api/hub/accounts', route(log, async (req, res) => {
    await admin(req);
    res.header('cache-control', 'no-store');
    res.json({ accounts: (await o.accounts.list()).map(accountJson) });
  }));

  server.post('/api/hub/accounts', jsonBody(), route(log, async (req, res) => {
    const by = await admin(req);
    const { password, ...input } = parseBody(createSchema, req.body ?? {});
    const created = await o.accounts
      .create({ ...input, passwordHash: await hashPassword(password) })
      .catch((error: unknown) => {
        if (error instanceof DuplicateEmailError) throw new HttpError(409, 'Conflict', `body.email: ${error.message}`);
        throw error;
      });
    log.info({ by: by.accountId, accountId: created.id, role: created.role }, 'hub account created');
    res.status(201);
    res.json({ account: accountJson(created) });
  }));

  server.patch('/api/hub/accounts/:id', jsonBody(), route(log, async (req, res) => {
    const by = await admin(req);
    const changes = parseBody(updateSchema, req.body ?? {});
    const updated = await o.accounts.update(accountId(req), changes).catch((error: unknown) => {
      if (error instanceof LastAdminError) throw new HttpError(409, 'Conflict', `body: ${error.message}`);
      throw error;
    });
    if (!updated) throw notFound('account');
    // Disabling ends its sessions now (sockets included); other changes apply at the next check.
    if (changes.disabled) await o.sessions.revokeAccount(updated.id);
    o.sessions.forgetAccount(updated.id);
    log.info({ by: by.accountId, accountId: updated.id, changed: Object.keys(changes) }, 'hub account updated');
    res.json({ account: accountJson(updated) });
  }));

  server.post('/api/hub/accounts/:id/password', jsonBody(), route(log, async (req, res) => {
    const by = await admin(req);
    const { password } = parseBody(passwordBody, req.body ?? {});
    const id = accountId(req);
    if (!(await o.accounts.setPasswordHash(id, await hashPassword(password), o.now()))) throw notFound('account');
    // Whoever knew the old password is signed out everywhere; an admin resetting their own keeps this session.
    await o.sessions.revokeAccount(id, id === by.accountId ? by.sessionId : undefined);
    log.info({ by: by.accountId, accountId: id }, 'hub account password reset');
    res.send(204);
  }));
}
