import { randomBytes } from 'node:crypto';
import { type Activity, hiddenFromClients } from './activity.ts';
import type { ActivityFeed } from './feed.ts';
import type { BotForwarder } from './forwarder.ts';
import type { DirectLineStore } from './store.ts';
import { newUserId, randomId, type TokenService } from './tokens.ts';

export interface ChannelIdentity {
  /** The bot's account in this channel (what Azure calls the bot handle). */
  readonly bot: { readonly id: string; readonly name: string };
}

export interface UserRef {
  readonly id: string;
  readonly name?: string | undefined;
}

/**
 * The channel's behaviour, free of HTTP: conversations, activities in both directions and their fan-out.
 * Routes and the WebSocket stream translate requests into these calls.
 */
export class DirectLineChannel {
  constructor(
    private readonly store: DirectLineStore,
    private readonly feed: ActivityFeed,
    private readonly forwarder: BotForwarder,
    private readonly tokens: TokenService,
    private readonly identity: ChannelIdentity,
    /** Told of every stored activity (metrics). */
    private readonly onStored: (from: 'user' | 'bot') => void = () => undefined,
  ) {}

  /** Creates a conversation for a new or given user and a token for it; the bot hears of it on `start`. */
  async reserve(user?: Partial<UserRef>): Promise<{ conversationId: string; userId: string; token: string; expires_in: number }> {
    const conversationId = randomId();
    const userId = user?.id ?? newUserId();
    await this.store.createConversation({ id: conversationId, userId, userName: user?.name });
    const issued = await this.tokens.issue({ conversationId, userId, userName: user?.name });
    return { conversationId, userId, ...issued };
  }

  getConversation(conversationId: string) {
    return this.store.getConversation(conversationId);
  }

  /** Starts the conversation once: tells the bot the user and the bot joined. False when it had started already. */
  async start(conversationId: string, user: UserRef, locale?: string): Promise<boolean> {
    const started = await this.store.markStarted(conversationId, locale);
    if (!started) return false;
    const update: Activity = {
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      timestamp: new Date().toISOString(),
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { id: user.id, name: user.name, role: 'user' },
      recipient: { ...this.identity.bot, role: 'bot' },
      membersAdded: [{ id: user.id, name: user.name }, { ...this.identity.bot }],
      ...(locale ? { locale } : {}),
    };
    void this.forwarder.deliverTransient(conversationId, update);
    return true;
  }

  /** Stores and echoes a customer activity, then queues it for the bot. Idempotent per clientActivityID. */
  async fromUser(conversationId: string, user: UserRef, activity: Activity): Promise<{ id: string }> {
    const normalised: Activity = {
      ...activity,
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { ...activity.from, id: user.id, name: activity.from?.name ?? user.name, role: 'user' },
      recipient: { ...this.identity.bot, role: 'bot' },
      timestamp: new Date().toISOString(),
    };
    delete normalised.id;
    delete normalised.serviceUrl;
    if (normalised.type === 'typing') {
      const typing = { ...normalised, id: transientId(conversationId) };
      this.feed.publish(conversationId, { activity: typing });
      void this.forwarder.deliverTransient(conversationId, typing);
      return { id: typing.id };
    }
    const stored = await this.store.append(conversationId, normalised, 'user');
    if (stored.duplicate) return { id: stored.activity.id! };
    this.onStored('user');
    this.feed.publish(conversationId, stored);
    void this.forwarder.deliver(conversationId, stored.seq, stored.activity);
    return { id: stored.activity.id! };
  }

  /**
   * An activity the bot sends (reply, proactive or typing): stored unless it is transient, then streamed.
   * Idempotent per `channelData.clientActivityID`: a re-send answers with the first copy's id.
   */
  async fromBot(conversationId: string, activity: Activity, replyToId?: string): Promise<{ id: string }> {
    const normalised: Activity = {
      ...activity,
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { ...this.identity.bot, ...activity.from, role: 'bot' },
      timestamp: new Date().toISOString(),
      ...(replyToId ? { replyToId } : {}),
    };
    delete normalised.id;
    delete normalised.serviceUrl;
    if (normalised.type === 'typing' || hiddenFromClients.has(normalised.type)) {
      const id = transientId(conversationId);
      if (normalised.type === 'typing') this.feed.publish(conversationId, { activity: { ...normalised, id } });
      return { id };
    }
    const stored = await this.store.append(conversationId, normalised, 'bot');
    if (!stored.duplicate) this.onStored('bot');
    // Announced again on a re-send too: the first send may have died between storing and announcing, and streams
    // skip what they already have.
    this.feed.publish(conversationId, stored);
    return { id: stored.activity.id! };
  }

  /** A fresh token for a conversation's own user (a secret holder reconnecting on the user's behalf). */
  async tokenFor(conversationId: string) {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) throw new Error(`conversation ${conversationId} does not exist`);
    return this.tokens.issue({ conversationId, userId: conversation.userId, userName: conversation.userName ?? undefined });
  }

  async saveAttachment(conversationId: string, file: { contentType: string; name: string; bytes: Buffer }) {
    const id = randomId();
    await this.store.saveAttachment({ id, conversationId, ...file });
    return id;
  }

  getAttachment(id: string) {
    return this.store.getAttachment(id);
  }

  /** Activities after a watermark for polling clients (typing is stream-only, as on Azure). */
  async activitiesAfter(conversationId: string, watermark: number) {
    const items = await this.store.listAfter(conversationId, watermark);
    const last = items.at(-1)?.seq;
    return { activities: items.map((i) => i.activity), watermark: String(last ?? (watermark >= 0 ? watermark : '')) };
  }
}

const transientId = (conversationId: string) => `${conversationId}|t${randomBytes(6).toString('hex')}`;
