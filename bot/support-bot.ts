import { ActivityHandler, type ConversationState, MessageFactory, type StatePropertyAccessor } from 'botbuilder';
import { MAIN_SUGGESTIONS } from './pipeline/interim-reply.ts';
import type { ConversationMemory, Turn } from './pipeline/turn.ts';

export interface SupportBotOptions {
  readonly botName: string;
  /** Durable per-conversation state (SqlStorage underneath). */
  readonly conversationState: ConversationState;
  /** The steps a customer message goes through (understand → … → reply). */
  readonly pipeline: (turn: Turn) => Promise<void>;
  readonly now?: () => Date;
}

/**
 * The Bot Framework face of the bot: welcomes customers, runs each message through the turn pipeline with the
 * conversation's memory, and saves that memory at the end of the turn.
 */
export class SupportBot extends ActivityHandler {
  readonly #memory: StatePropertyAccessor<ConversationMemory>;

  constructor(private readonly o: SupportBotOptions) {
    super();
    this.#memory = o.conversationState.createProperty<ConversationMemory>('memory');
    this.onMembersAdded(async (context, next) => {
      const customers = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (customers.length > 0) await context.sendActivity(welcome(o.botName));
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = (context.activity.text ?? '').trim();
      const files = context.activity.attachments ?? [];
      if (!text && files.length > 0) {
        const names = files.map((a) => a.name ?? 'file').join(', ');
        await context.sendActivity(`Thanks, I received **${files.length}** file(s): ${names}.`);
      } else if (/^(help|menu|\?)$/i.test(text)) {
        await context.sendActivity(MessageFactory.suggestedActions(MAIN_SUGGESTIONS, 'Here is what I can help with:'));
      } else {
        const memory = await this.#memory.get(context, {});
        await o.pipeline({ context, text, now: o.now?.() ?? new Date(), memory });
      }
      await o.conversationState.saveChanges(context);
      await next();
    });
  }
}

function welcome(botName: string) {
  return MessageFactory.suggestedActions(
    MAIN_SUGGESTIONS,
    `Hi, I'm **${botName}**. I can help with orders, returns and billing. What can I do for you?`,
  );
}
