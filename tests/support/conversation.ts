import { expect } from 'chai';
import { type Activity, activitiesUrl, call, type Conversation, history, textOf } from './directline-client.ts';
import { waitFor } from './wait.ts';

/**
 * Says `text` in the conversation and waits until the bot's replies to it (activities naming it in replyToId)
 * satisfy `done`; a topic may answer one message with several activities (messages, a handoff event).
 */
export async function exchange(c: Conversation, text: string, done: (replies: Activity[]) => boolean, timeoutMs = 15_000): Promise<Activity[]> {
  const posted = await call('POST', activitiesUrl(c), { token: c.token, json: { type: 'message', from: { id: 'x' }, text } });
  expect(posted.status, `POST "${text}"`).to.equal(200);
  const id = (posted.body as { id: string }).id;
  return waitFor(
    async () => {
      const replies = (await history(c)).filter((a) => a.from.role === 'bot' && (a as { replyToId?: string }).replyToId === id);
      return done(replies) ? replies : undefined;
    },
    `the replies to "${text}"`,
    timeoutMs,
  );
}

/** The texts of the message activities among `activities`. */
export function texts(activities: readonly Activity[]): string[] {
  return activities.filter((a) => a.type === 'message').map(textOf);
}

export function suggestionsOf(activity: Activity): string[] {
  return ((activity as { suggestedActions?: { actions: { title: string }[] } }).suggestedActions?.actions ?? []).map((a) => a.title);
}
