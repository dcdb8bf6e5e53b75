import { ActivityHandler, MessageFactory, type TurnContext } from 'botbuilder';

/**
 * The bot's turn logic. For now: a welcome when a customer joins and a plain acknowledgement of what they wrote;
 * NLU, topics and knowledge take over this handler in later steps of the pipeline.
 */
export class SupportBot extends ActivityHandler {
  constructor(private readonly botName: string) {
    super();
    this.onMembersAdded(async (context, next) => {
      const customers = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (customers.length > 0) await context.sendActivity(welcome(this.botName));
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity(reply(context));
      await next();
    });
  }
}

const SUGGESTIONS = ['Track my order', 'Returns and refunds', 'Talk to a person'];

function welcome(botName: string) {
  return MessageFactory.suggestedActions(
    SUGGESTIONS,
    `Hi, I'm **${botName}**. I can help with orders, returns and billing. What can I do for you?`,
  );
}

function reply(context: TurnContext) {
  const text = (context.activity.text ?? '').trim();
  if (context.activity.attachments?.length && !text) {
    const names = context.activity.attachments.map((a) => a.name ?? 'file').join(', ');
    return MessageFactory.text(`Thanks, I received **${context.activity.attachments.length}** file(s): ${names}.`);
  }
  if (/^(help|menu|\?)$/i.test(text)) {
    return MessageFactory.suggestedActions(SUGGESTIONS, 'Here is what I can help with:');
  }
  if (text === '') return MessageFactory.text('I only understand text for now. What can I help you with?');
  return MessageFactory.text(`You said: **${quote(text)}**. I'll be able to answer this properly soon.`);
}

/**
 * Backslash-escapes every markdown-significant character, `<` included (so the customer's words never become an
 * HTML token), keeping them literal inside the bot's markdown reply.
 */
const quote = (text: string) => text.slice(0, 500).replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);

