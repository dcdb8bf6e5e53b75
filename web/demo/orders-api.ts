import type { Server } from 'restify';
import { notFound, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';

/**
 * The demo store's order system, so the Track my order topic has a real HTTP API to call out of the box
 * (`ORDER_API_URL` points the action at a real one). Dates are relative to today so the demo never goes stale.
 */
export const DEMO_ORDERS_PATH = '/demo/api';

interface DemoOrder {
  readonly status: 'processing' | 'shipped' | 'delayed' | 'delivered';
  readonly placedDaysAgo: number;
  readonly carrier?: string;
  readonly deliveryInDays?: number;
  readonly items: { name: string; quantity: number }[];
}

const ORDERS: Record<string, DemoOrder> = {
  'NW-10001': { status: 'shipped', placedDaysAgo: 3, carrier: 'UPS', deliveryInDays: 2, items: [{ name: 'Stormbreak Jacket', quantity: 1 }] },
  'NW-10002': { status: 'processing', placedDaysAgo: 0, items: [{ name: 'Alder Fleece', quantity: 2 }] },
  'NW-10003': { status: 'delivered', placedDaysAgo: 12, carrier: 'DHL', deliveryInDays: -7, items: [{ name: 'Summit Hiking Boots', quantity: 1 }] },
  'NW-10004': { status: 'delayed', placedDaysAgo: 9, carrier: 'FedEx', deliveryInDays: 4, items: [{ name: 'Cascade 2P Tent', quantity: 1 }] },
};

export function mountDemoOrders(server: Server, o: { log: Logger; now?: () => Date }): void {
  server.get(`${DEMO_ORDERS_PATH}/orders/:orderNumber`, route(o.log, async (req, res) => {
    const orderNumber = String(req.params.orderNumber ?? '').toUpperCase();
    const order = demoOrder(orderNumber, o.now?.() ?? new Date());
    if (!order) throw notFound(`order ${orderNumber}`);
    res.json(200, order);
  }));
}

/** A demo order as the API answers it (order numbers upper case), or undefined when there is none. */
export function demoOrder(orderNumber: string, now: Date) {
  const order = Object.hasOwn(ORDERS, orderNumber) ? ORDERS[orderNumber] : undefined;
  return order && present(orderNumber, order, now);
}

function present(orderNumber: string, order: DemoOrder, now: Date) {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const tracking = order.carrier ? `https://tracking.example.com/${order.carrier.toLowerCase()}/${orderNumber}` : null;
  return {
    orderNumber,
    status: order.status,
    placedOn: day(-order.placedDaysAgo),
    carrier: order.carrier ?? null,
    trackingUrl: tracking,
    estimatedDelivery: order.deliveryInDays !== undefined && order.deliveryInDays > 0 ? day(order.deliveryInDays) : null,
    deliveredOn: order.status === 'delivered' && order.deliveryInDays !== undefined ? day(order.deliveryInDays) : null,
    items: order.items,
  };
}
