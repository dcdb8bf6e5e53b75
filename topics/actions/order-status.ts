import { z } from 'zod';
import type { Value } from '../expressions/evaluate.ts';
import type { Action } from './registry.ts';

/**
 * `order_status`: looks an order up in the store's order API (`GET {baseUrl}/orders/{orderNumber}`). A 404 is
 * an answer (`found: false`), not a failure; anything else that is not a valid 200 fails the action, so the
 * topic takes its error branch. One retry for a 5xx or a dropped connection, since a lookup is safe to repeat.
 */

export const orderSchema = z.object({
  orderNumber: z.string(),
  status: z.enum(['processing', 'shipped', 'delayed', 'delivered', 'cancelled']),
  placedOn: z.string(),
  carrier: z.string().nullable().optional(),
  trackingUrl: z.url().nullable().optional(),
  estimatedDelivery: z.string().nullable().optional(),
  deliveredOn: z.string().nullable().optional(),
  items: z.array(z.object({ name: z.string(), quantity: z.int().positive() })).default([]),
});
export type Order = z.infer<typeof orderSchema>;

export interface OrderStatusOptions {
  /** The order API's base URL, e.g. `https://orders.internal/api` (a function when known only after listen). */
  readonly baseUrl: string | (() => string);
  /** Extra headers, e.g. an API key. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

export function orderStatusAction(o: OrderStatusOptions): Action {
  const fetchFn = o.fetch ?? fetch;
  return {
    name: 'order_status',
    description: 'Looks up an order by number: status, carrier, tracking link and delivery dates.',
    async run(inputs, signal) {
      const orderNumber = normalise(inputs.orderNumber ?? '');
      if (!orderNumber) throw new Error('orderNumber is missing');
      const base = typeof o.baseUrl === 'function' ? o.baseUrl() : o.baseUrl;
      const url = `${base.replace(/\/$/, '')}/orders/${encodeURIComponent(orderNumber)}`;
      const get = () => fetchFn(url, { headers: { accept: 'application/json', ...o.headers }, signal });
      let response = await get().catch(async () => get());
      if (response.status >= 500) response = await get();
      if (response.status === 404) return { found: false, orderNumber };
      if (!response.ok) throw new Error(`order API answered ${response.status}`);
      const order = orderSchema.safeParse(await response.json());
      if (!order.success) throw new Error(`order API sent an unexpected body: ${order.error.issues[0]?.message}`);
      return { found: true, ...order.data } as Value;
    },
  };
}

/** `nw 12345`, `nw-12345` and `NW12345` are the same order. */
function normalise(orderNumber: string): string {
  const m = /^([A-Za-z]{2})[\s-]?(\d{5,8})$/.exec(orderNumber.trim());
  return m ? `${m[1]!.toUpperCase()}-${m[2]}` : orderNumber.trim();
}
