import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { SupportBot } from '../support-bot.ts';
import type { HubStatus } from './gateway.ts';

/**
 * How the hub reaches a customer: through the bot, as proactive messages on the conversation's own channel (local
 * Direct Line or Azure Bot Service alike). Rep messages carry `channelData.sender` so the widget shows them as from
 * a person, by name. The hub declares the interface this satisfies; the composition root wires the two.
 */
export class BotCustomerChannel {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly bot: SupportBot,
  ) {}

  /** A rep's message to the customer; resolves with the channel's id for it. */
  async deliver(reference: Partial<ConversationReference>, message: { text: string; from: { id: string; name: string } }): Promise<{ id: string | undefined }> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      const sent = await context.sendActivity({
        type: 'message',
        text: message.text,
        textFormat: 'plain', // a person's words, shown as typed
        channelData: { sender: { kind: 'rep', id: message.from.id, name: message.from.name } },
      });
      id = sent?.id;
    });
    return { id };
  }

  /** The hub's handoff.status: a rep took the conversation, finished it, or nobody could. */
  async status(reference: Partial<ConversationReference>, status: HubStatus): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, reference, (context) => this.bot.applyHubStatus(context, status));
  }
}
