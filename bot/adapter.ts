import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ShowTypingMiddleware,
  type TranscriptLogger,
  TranscriptLoggerMiddleware,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../core/logger.ts';

export interface AdapterOptions {
  readonly appId: string | undefined;
  readonly appPassword: string | undefined;
  readonly appType: string;
  readonly tenantId: string | undefined;
}

/**
 * CloudAdapter with the SDK's own Bot Framework authentication. With no app id the SDK accepts anonymous
 * requests (research B5); routes.ts then limits `/api/messages` to our local channel's serviceUrl.
 */
export function createAdapter(o: AdapterOptions, log: Logger, transcripts?: TranscriptLogger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: o.appId ?? '',
    MicrosoftAppPassword: o.appPassword ?? '',
    MicrosoftAppType: o.appType,
    MicrosoftAppTenantId: o.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  // Every activity in and out goes to the transcript a handoff carries to the rep.
  if (transcripts) adapter.use(new TranscriptLoggerMiddleware(transcripts));
  // Customers see "typing" when a turn takes more than half a second.
  adapter.use(new ShowTypingMiddleware(500, 2000));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    await context
      .sendActivity("Sorry, something went wrong on my side. Please try again, or type 'talk to a person'.")
      .catch((sendError: unknown) => log.error({ err: sendError }, 'could not tell the customer about the failure'));
  };
  return adapter;
}
