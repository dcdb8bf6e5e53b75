import { expect } from 'chai';
import { type Activity, activitiesUrl, call, type Conversation, history, textOf } from './directline-client.ts';
import { waitFor } from './wait.ts';

/** A customer talking to a person through the local Direct Line: while the person has the chat, the bot is silent. */

/** Says something without waiting for replies; `clientActivityID` makes a re-send of it a repeat, not a new message. */
export async function say(c: Conversation, text: string, clientActivityID?: string): Promise<string> {
  const json = { type: 'message', from: { id: 'x' }, text, ...(clientActivityID ? { channelData: { clientActivityID } } : {}) };
  const posted = await call('POST', activitiesUrl(c), { token: c.token, json });
  expect(posted.status, `POST "${text}"`).to.equal(200);
  return posted.body.id as string;
}

/** The first activity in the conversation's history matching `predicate`, once there is one. */
export async function seen(c: Conversation, predicate: (a: Activity) => boolean, what: string, timeoutMs = 15_000): Promise<Activity> {
  return waitFor(async () => (await history(c)).find(predicate), what, timeoutMs);
}

export const isHandoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/** A message a rep wrote (the widget shows it as from that person). */
export const isFromRep = (a: Activity) => a.type === 'message' && (a as { channelData?: { sender?: { kind?: string } } }).channelData?.sender?.kind === 'rep';

export const joined = (name: string) => (a: Activity) => textOf(a) === `${name} from our team has joined the chat.`;
