import { expect } from 'chai';
import type { EffectResult, TopicLibrary } from '../../topics/index.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';
import { Conversation, libraryOf } from '../support/topic-runtime.ts';

/** Details makers and customers notice: answers read the way people write, redirects by system role. */
describe('TopicRuntime, details', () => {
  const folders = new TopicFolders();
  let lib: TopicLibrary;
  before(async () => {
    lib = await libraryOf(folders, {
      'quantity.yaml': yaml`
        name: Quantity
        triggers: [bulk order]
        nodes:
          - kind: question
            prompt: How many?
            variable: Topic.count
            type: number
            min: 1
          - kind: message
            text: 'Noted: {Topic.count}.'
      `,
      'pick.yaml': yaml`
        name: Pick
        triggers: [pick one]
        nodes:
          - kind: question
            prompt: Which?
            variable: Topic.subject
            type: choice
            choices: [A receipt or invoice, Payment methods]
          - kind: message
            text: 'Picked {Topic.subject}.'
      `,
      'human.yaml': yaml`
        name: A human
        system: escalate
        nodes:
          - kind: transfer
            queue: general
      `,
      'handover.yaml': yaml`
        name: Handover
        triggers: [hand over]
        nodes:
          - kind: redirect
            topic: escalate
            reason: negative-sentiment
      `,
    });
  });
  after(() => folders.cleanup());

  it('reads "1,500" as fifteen hundred and "2,5" as two and a half', () => {
    const c = new Conversation(lib);
    c.say('bulk order', { intent: 'quantity' });
    expect(c.say('about 1,500 units').texts).to.deep.equal(['Noted: 1500.']);
    c.say('bulk order', { intent: 'quantity' });
    expect(c.say('2,5').texts).to.deep.equal(['Noted: 2.5.']);
  });

  it('takes a word of one choice as that choice', () => {
    const c = new Conversation(lib);
    c.say('pick one', { intent: 'pick' });
    expect(c.say('receipt').texts).to.deep.equal(['Picked A receipt or invoice.']);
  });

  it('asks which version when the answer depends on it, searches again with the one named, and marks the answer for rating', () => {
    const searches: { query: string; version: string | undefined }[] = [];
    const c = new Conversation(lib, {
      knowledgeResult: (query, version): EffectResult => {
        searches.push({ query, version });
        return version
          ? { kind: 'knowledge', answer: { text: `Wash at 40 °C.`, citations: [{ title: 'Jacket care', version }], source: { documentId: 'd', passageId: 'd#1', version } } }
          : { kind: 'knowledge', answer: null, askVersion: { product: 'Stormbreak Jacket', versions: ['2025', '2024'] } };
      },
    });
    const asked = c.say('how do I wash my jacket');
    expect(asked.asked).to.deep.include({ text: 'Which version of **Stormbreak Jacket** do you have?', suggestions: ['2025', '2024'] });
    const answered = c.say('the 2024 one');
    expect(searches).to.deep.equal([
      { query: 'how do I wash my jacket', version: undefined },
      { query: 'how do I wash my jacket', version: '2024' },
    ]);
    const say = answered.commands.find((x) => x.kind === 'say');
    expect(say).to.deep.include({ text: 'Wash at 40 °C.\n\nSource: Jacket care (2024)', answered: { documentId: 'd', passageId: 'd#1', version: '2024' } });
    expect(c.state.global.productVersion, 'remembered for the rest of the conversation').to.equal('2024');
  });

  it('searches in the context of the product the customer named and the version the conversation settled on', () => {
    const effects: unknown[] = [];
    const c = new Conversation(lib, { knowledgeResult: () => ({ kind: 'knowledge', answer: null }) });
    c.state = { ...c.state, global: { productVersion: '2025' } };
    const turn = c.say('how do I reproof it', { entities: [{ type: 'product', text: 'Stormbreak', value: 'stormbreak-jacket' }] });
    effects.push(...turn.effects);
    expect(effects[0]).to.deep.equal({ kind: 'knowledge', query: 'how do I reproof it', product: 'stormbreak-jacket', version: '2025' });
  });

  it('treats something other than a version as a new request', () => {
    const c = new Conversation(lib, { knowledgeResult: () => ({ kind: 'knowledge', answer: null, askVersion: { product: 'Jacket', versions: ['2025', '2024'] } }) });
    c.say('how do I wash my jacket');
    const turn = c.say('bulk order', { intent: 'quantity' });
    expect(turn.texts).to.deep.equal(['How many?']);
  });

  it('takes over again after a person: the survey when resolved, a fresh start when handed back', () => {
    const resolved = new Conversation(lib);
    expect(resolved.feed({ kind: 'handoff-ended', outcome: 'resolved' }).started).to.deep.equal(['end-of-conversation']);
    const handedBack = new Conversation(lib);
    expect(handedBack.feed({ kind: 'handoff-ended', outcome: 'handed-back' }).started).to.deep.equal(['conversation-start']);
  });

  it('redirects by system role, so a maker may give the Escalate topic any file name', () => {
    const c = new Conversation(lib);
    const turn = c.say('hand over', { intent: 'handover' });
    expect(turn.handoff).to.deep.include({ reason: 'negative-sentiment', topics: ['handover', 'human'] });
  });
});
