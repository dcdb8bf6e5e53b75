export { mountWeb } from './routes.ts';
export { DEMO_ORDERS_PATH, mountDemoOrders } from './demo/orders-api.ts';
