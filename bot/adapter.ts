import {
  type Activity,
  type ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ResourceResponse,
  ShowTypingMiddleware,
  type TranscriptLogger,
  TranscriptLoggerMiddleware,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../core/logger.ts';
import { CachedClientsAuthentication } from './cached-auth.ts';
import type { InProcessConnector } from './directline/index.ts';

export interface AdapterOptions {
  readonly appId: string | undefined;
  readonly appPassword: string | undefined;
  readonly appType: string;
  readonly tenantId: string | undefined;
}

/** Activity types the SDK handles without a channel (waits, invoke responses, traces). */
const NOT_SENT = new Set(['delay', 'invokeResponse', 'trace']);

/**
 * A CloudAdapter that hands what the bot sends in conversations of our own Direct Line in this process to that
 * channel by a call, instead of a POST to the channel's connector routes on loopback. Other channels, and updates,
 * go through the SDK's connector client as usual.
 */
export class LocalChannelAdapter extends CloudAdapter {
  constructor(
    auth: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly local: InProcessConnector,
  ) {
    super(auth);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const conversationId = activity.conversation?.id;
      if (!conversationId || activity.serviceUrl !== this.local.serviceUrl() || NOT_SENT.has(activity.type ?? '')) {
        responses.push(...(await super.sendActivities(context, [activity])));
        continue;
      }
      delete activity.id;
      // Through JSON, as the wire would carry it: the channel keeps nothing the bot may change afterwards.
      responses.push(await this.local.send(conversationId, JSON.parse(JSON.stringify(activity)), activity.replyToId));
    }
    return responses;
  }
}

/**
 * CloudAdapter with the SDK's own Bot Framework authentication (its clients kept across turns). With no app id the
 * SDK accepts anonymous requests (research B5); routes.ts then limits `/api/messages` to our local channel's
 * serviceUrl. Given the local Direct Line's in-process connector, replies to its conversations skip the loopback
 * HTTP round trip.
 */
export function createAdapter(o: AdapterOptions, log: Logger, transcripts?: TranscriptLogger, local?: InProcessConnector): CloudAdapter {
  const auth = new CachedClientsAuthentication(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: o.appId ?? '',
      MicrosoftAppPassword: o.appPassword ?? '',
      MicrosoftAppType: o.appType,
      MicrosoftAppTenantId: o.tenantId ?? '',
    }),
  );
  const adapter = local ? new LocalChannelAdapter(auth, local) : new CloudAdapter(auth);
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

/**
 * One inbound activity through the adapter's middleware and the bot, as `/api/messages` runs it, without HTTP: for
 * the local Direct Line in this process. There is no Authorization header to check: the SDK accepts that only while
 * Bot Framework auth is off, which is when the local channel serves the bot.
 */
export function directTurn(adapter: CloudAdapter, bot: ActivityHandler): (activity: object) => Promise<void> {
  return (activity) => adapter.processActivityDirect('', activity as Partial<Activity> as Activity, (context) => bot.run(context));
}
