import type { Activity } from 'botbuilder';

/** A customer's message on our Direct Line as the channel hands it to the bot (conversation `conv-1`). */
export function inboundMessage(serviceUrl: string, id = 'conv-1|0000003'): Activity {
  return {
    type: 'message',
    id,
    text: 'hello',
    channelId: 'directline',
    serviceUrl,
    conversation: { id: 'conv-1' },
    from: { id: 'dl_user', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
  } as Activity;
}
