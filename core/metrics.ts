import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics, one registry per app (tests run several apps in one process). Components take the
 * instruments they need, not the registry.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    directLineActivities: new Counter({
      name: 'directline_activities_total',
      help: 'Activities stored by the local Direct Line channel, by sender',
      labelNames: ['from'] as const,
      registers: [registry],
    }),
    botDeliveries: new Counter({
      name: 'directline_bot_deliveries_total',
      help: 'Attempts to hand a customer activity to the bot, by outcome (ok, retry, rejected)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    topicEvents: new Counter({
      name: 'topic_events_total',
      help: 'Topic runtime events (topic-started, topic-ended, reprompt, interrupted, resumed, node-missing, error) by topic',
      labelNames: ['event', 'topic'] as const,
      registers: [registry],
    }),
    hubEvents: new Counter({
      name: 'hub_events_total',
      help: 'Handoff lifecycle events applied by the hub (escalate, offer, accept, decline, offer-expired, transfer-to-queue, end, close…) by queue',
      labelNames: ['event', 'queue'] as const,
      registers: [registry],
    }),
    hubMessages: new Counter({
      name: 'hub_messages_total',
      help: 'Messages stored in handed-off conversations, by sender kind (customer, rep, system)',
      labelNames: ['from'] as const,
      registers: [registry],
    }),
    hubCustomerDeliveries: new Counter({
      name: 'hub_customer_deliveries_total',
      help: 'Attempts to send the hub outbox (rep messages, status, queue place) to customers, by outcome (ok, retry)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
