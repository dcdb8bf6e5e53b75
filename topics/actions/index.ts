export { type Action, ActionRegistry, type ActionRegistryOptions } from './registry.ts';
export { type Order, orderSchema, orderStatusAction, type OrderStatusOptions } from './order-status.ts';
export { shippedActions, type ShippedActionsOptions } from './shipped.ts';
