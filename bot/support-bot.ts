import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { HubUpdate } from './handoff/gateway.ts';
import type { ConversationMemory, Turn } from './pipeline/turn.ts';

export interface SupportBotOptions {
  /** Durable per-conversation state (SqlStorage underneath). */
  readonly conversationState: ConversationState;
  /** The steps a customer message goes through (understand → topics). */
  readonly pipeline: (turn: Turn) => Promise<void>;
  /** What the bot says when a customer opens the chat (the Conversation Start topic). */
  readonly conversationStart: (context: TurnContext, memory: ConversationMemory, now: Date) => Promise<void>;
  /** What an update from the hub changes (queue place, who has the conversation, the bot resuming). */
  readonly hubUpdate?: (context: TurnContext, memory: ConversationMemory, update: HubUpdate, now: Date) => Promise<void>;
  /** Event activities the bot acts on, by name (e.g. the widget's rating of an answer). */
  readonly events?: Readonly<Record<string, (context: TurnContext, memory: ConversationMemory, now: Date) => Promise<void>>>;
  /** The customer is typing (the handoff forwards it to the rep). */
  readonly typing?: (context: TurnContext, memory: ConversationMemory) => Promise<void>;
  readonly now?: () => Date;
}

/**
 * The Bot Framework face of the bot: starts the conversation, runs each message through the turn pipeline with
 * the conversation's memory, and saves that memory at the end of the turn.
 */
export class SupportBot extends ActivityHandler {
  readonly #memory: StatePropertyAccessor<ConversationMemory>;

  constructor(private readonly o: SupportBotOptions) {
    super();
    this.#memory = o.conversationState.createProperty<ConversationMemory>('memory');
    this.onMembersAdded(async (context, next) => {
      const customers = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (customers.length > 0) await this.#withMemory(context, (memory) => o.conversationStart(context, memory, this.#now()));
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = (context.activity.text ?? '').trim();
      const files = context.activity.attachments ?? [];
      if (!text && files.length > 0) {
        const names = files.map((a) => a.name ?? 'file').join(', ');
        await context.sendActivity(`Thanks, I received **${files.length}** file(s): ${names}.`);
      } else {
        await this.#withMemory(context, (memory) => o.pipeline({ context, text, now: this.#now(), memory }));
      }
      await next();
    });
    this.onTyping(async (context, next) => {
      const typing = o.typing;
      // Read-only: typing changes nothing the bot remembers, so nothing is saved.
      if (typing) await typing(context, await this.#memory.get(context, {}));
      await next();
    });
    this.onEvent(async (context, next) => {
      const name = context.activity.name ?? '';
      const handle = o.events && Object.hasOwn(o.events, name) ? o.events[name] : undefined;
      if (handle) await this.#withMemory(context, (memory) => handle(context, memory, this.#now()));
      await next();
    });
  }

  /** Applies an update from the hub inside a proactive turn, with the conversation's memory. */
  applyHubUpdate(context: TurnContext, update: HubUpdate): Promise<void> {
    const apply = this.o.hubUpdate;
    return this.#withMemory(context, (memory) => (apply ? apply(context, memory, update, this.#now()) : Promise.resolve()));
  }

  async #withMemory(context: TurnContext, use: (memory: ConversationMemory) => Promise<void>): Promise<void> {
    await use(await this.#memory.get(context, {}));
    await this.o.conversationState.saveChanges(context);
  }

  #now(): Date {
    return this.o.now?.() ?? new Date();
  }
}
