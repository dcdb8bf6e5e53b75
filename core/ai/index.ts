/**
 * The cloud-AI seam: a narrow `ChatModel` (structured completion + embeddings), its Azure OpenAI implementation
 * with timeout, bounded retries honouring Retry-After and a circuit breaker, and a scripted fake for tests.
 */
export type { ChatMessage, ChatModel, CompletionRequest, OutputSchema } from './chat-model.ts';
export { type AiFailureReason, AiUnavailableError } from './errors.ts';
export { type AzureChatModelOptions, createAzureChatModel } from './azure.ts';
export { FakeChatModel, type FakeStep } from './fake.ts';
export { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
export { retryAfterMs } from './resilience.ts';
