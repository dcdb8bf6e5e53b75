import { orderStatusAction } from './order-status.ts';
import { ActionRegistry } from './registry.ts';

export interface ShippedActionsOptions {
  /** The order API (a function when it is this server's own demo API, known only after listen). */
  readonly orderApiUrl: string | (() => string);
  readonly orderApiKey?: string | undefined;
  readonly timeoutMs: number;
}

/** The actions the product ships, in one registry; deployments register more on it. */
export function shippedActions(o: ShippedActionsOptions): ActionRegistry {
  return new ActionRegistry({ timeoutMs: o.timeoutMs }).register(
    orderStatusAction({ baseUrl: o.orderApiUrl, ...(o.orderApiKey ? { headers: { 'x-api-key': o.orderApiKey } } : {}) }),
  );
}
