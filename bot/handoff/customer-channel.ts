import { ActivityTypes, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { SupportBot } from '../support-bot.ts';
import type { HubStatus, QueueNotice } from './gateway.ts';

type Reference = Partial<ConversationReference>;

/**
 * How the hub reaches a customer: through the bot, as proactive messages on the conversation's own channel (local
 * Direct Line or Azure Bot Service alike). Rep messages carry `channelData.sender` so the widget shows them as from
 * a person, by name, and the hub's id as `clientActivityID`, so a repeat after a crash is stored once. The hub
 * declares the interface this satisfies; the composition root wires the two.
 */
export class BotCustomerChannel {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly bot: SupportBot,
  ) {}

  /** A rep's message to the customer. */
  async deliver(reference: Reference, message: { id: string; text: string; from: { id: string; name: string } }): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: message.text,
        textFormat: 'plain', // a person's words, shown as typed
        channelData: { sender: { kind: 'rep', id: message.from.id, name: message.from.name }, clientActivityID: message.id },
      });
    });
  }

  /** The hub's handoff.status: a rep took the conversation, finished it, or nobody could. */
  async status(reference: Reference, status: HubStatus, o: { id: string; hubConversationId: string }): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, (context) => this.bot.applyHubUpdate(context, { kind: 'status', status, ...o }));
  }

  /** Where the customer stands in the queue. */
  async queue(reference: Reference, notice: QueueNotice, o: { id: string; hubConversationId: string }): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, (context) => this.bot.applyHubUpdate(context, { kind: 'queue', notice, ...o }));
  }

  /** The rep is typing (shown for a few seconds; never stored). */
  async typing(reference: Reference, from: { id: string; name: string }): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing, channelData: { sender: { kind: 'rep', ...from } } });
    });
  }
}
