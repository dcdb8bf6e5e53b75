import type { Request, Response } from 'restify';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

/** An error meant for the HTTP caller: status, a stable code (Direct Line style) and a message naming the field. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

export const badRequest = (message: string) => new HttpError(400, 'BadArgument', message);
export const notFound = (what: string) => new HttpError(404, 'NotFound', `${what} not found`);
export const forbidden = (message = 'Forbidden') => new HttpError(403, 'Forbidden', message);

/** Names the first failing field: `body.from.id: expected string, received undefined`. */
export function zodMessage(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${where}: invalid`;
  const path = issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  return `${path}: ${issue.message}`;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(zodMessage(where, result.error));
  return result.data;
}

/** The one place an HTTP error becomes a response: `{"error":{"code","message"}}`, as Direct Line answers. */
export function sendError(res: Response, log: Logger, error: unknown, req?: Request): void {
  const known = error instanceof HttpError ? error : undefined;
  const status = known?.status ?? 500;
  if (!known) log.error({ err: error, reqId: req?.id?.() }, 'unhandled error in request');
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(known?.headers ?? {})) res.header(name, value);
  res.status(status);
  res.json({
    error: { code: known?.code ?? 'ServiceError', message: known?.message ?? 'Internal server error' },
  });
}

/** Wraps an async route so every failure reaches `sendError` (restify ≥ 9 async handlers take (req, res) only). */
export function route(log: Logger, handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      sendError(res, log, error, req);
    }
  };
}
