import { expect } from 'chai';
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SHIPPED_SYSTEM_TOPICS, SYSTEM_TOPICS, TopicStore } from '../../topics/index.ts';
import { TopicFolders, yaml } from '../support/topic-files.ts';
import { silent } from '../support/topic-runtime.ts';

const folders = new TopicFolders();
after(() => folders.cleanup());

const topic = (text: string) => yaml`
  name: Hello
  triggers: [hello there]
  nodes:
    - kind: message
      text: ${text}
`;

/** Writes a file and moves its modification time on, so the edit shows however fast the test runs. */
let tick = Date.now() / 1000;
async function edit(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  tick += 10;
  await utimes(path, tick, tick);
}

async function storeWith(files: Record<string, string>): Promise<{ store: TopicStore; dir: string }> {
  const dir = await folders.write(files);
  return { store: await TopicStore.open({ dir, shippedSystemDir: SHIPPED_SYSTEM_TOPICS, log: silent }), dir };
}

const textOf = (store: TopicStore, id: string) => {
  const node = store.library.get(id)?.nodes[0];
  return node?.kind === 'message' ? node.text : undefined;
};

describe('TopicStore', () => {
  it('serves an edited file after reload, and reports when nothing changed', async () => {
    const { store, dir } = await storeWith({ 'hello.yaml': topic('Hi!') });
    const version = store.status().version;
    expect(textOf(store, 'hello')).to.equal('Hi!');
    expect(await store.reload({ settled: true })).to.equal(false);

    await edit(join(dir, 'hello.yaml'), topic('Hello again!'));
    expect(await store.reload({ settled: true })).to.equal(true);
    expect(textOf(store, 'hello')).to.equal('Hello again!');
    expect(store.status().version).to.equal(version + 1);
  });

  it('loads an edit only when a second look sees the same files, since an editor may be half-way through it', async () => {
    const { store, dir } = await storeWith({ 'hello.yaml': topic('Hi!') });
    await edit(join(dir, 'hello.yaml'), topic('Hello again!'));
    expect(await store.reload()).to.equal(false);
    expect(textOf(store, 'hello')).to.equal('Hi!');
    expect(await store.reload()).to.equal(true);
    expect(textOf(store, 'hello')).to.equal('Hello again!');
  });

  it('tells listeners about the new library', async () => {
    const { store, dir } = await storeWith({ 'hello.yaml': topic('Hi!') });
    const seen: (string | undefined)[] = [];
    store.onChange((library) => {
      const node = library.get('hello')?.nodes[0];
      seen.push(node?.kind === 'message' ? node.text : undefined);
    });
    await edit(join(dir, 'hello.yaml'), topic('Changed.'));
    await store.reload({ settled: true });
    expect(seen).to.deep.equal(['Changed.']);
  });

  it('keeps the last valid version of a file in service while an edit of it is invalid, with the error in status', async () => {
    const { store, dir } = await storeWith({ 'hello.yaml': topic('Hi!') });
    await edit(join(dir, 'hello.yaml'), 'name: Hello\ntriggers: [hello there]\nnodes:\n  - kind: shout\n    text: HI!\n');
    expect(await store.reload({ settled: true })).to.equal(true);
    expect(textOf(store, 'hello')).to.equal('Hi!');
    const { errors, warnings } = store.status();
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/hello\.yaml:4:11 nodes\[0\]\.kind: Invalid discriminator value\. Expected .message. \| .question./);
    expect(warnings.some((w) => /hello\.yaml the last valid version of this file stays in service/.test(w))).to.equal(true);

    await edit(join(dir, 'hello.yaml'), topic('Fixed.'));
    await store.reload({ settled: true });
    expect(textOf(store, 'hello')).to.equal('Fixed.');
    expect(store.status().errors).to.deep.equal([]);
  });

  it('does not serve an invalid file that never had a valid version', async () => {
    const { store } = await storeWith({ 'hello.yaml': topic('Hi!'), 'broken.yaml': 'name: Broken\nnodes: []\n' });
    expect(store.library.get('broken')).to.equal(undefined);
    expect(store.status().errors[0]).to.match(/broken\.yaml:2:\d+ nodes: /);
  });

  it('takes a deleted file out of service, its last valid version too', async () => {
    const { store, dir } = await storeWith({ 'hello.yaml': topic('Hi!'), 'other.yaml': topic('Other.') });
    await edit(join(dir, 'other.yaml'), 'not: [valid');
    await store.reload({ settled: true });
    expect(store.library.get('other')).to.not.equal(undefined);

    await rm(join(dir, 'other.yaml'));
    expect(await store.reload({ settled: true })).to.equal(true);
    expect(store.library.get('other')).to.equal(undefined);
    expect(store.library.get('hello')).to.not.equal(undefined);
    expect(store.status().errors).to.deep.equal([]);
  });

  it('fills every system role the folder lacks from the shipped topics, and prefers the folder’s own', async () => {
    const { store } = await storeWith({
      'hello.yaml': topic('Hi!'),
      'hi.yaml': 'name: Hi\nsystem: greeting\ntriggers: [hi]\nnodes:\n  - kind: message\n    text: Our own greeting.\n',
    });
    for (const role of SYSTEM_TOPICS) expect(store.library.system(role), role).to.not.equal(undefined);
    expect(store.library.system('greeting')?.id).to.equal('hi');
    expect(store.library.get('greeting')).to.equal(undefined);
    expect(store.library.system('goodbye')?.file).to.match(/demo\/system\/goodbye\.yaml$/);
    expect(store.status().errors).to.deep.equal([]);
  });

  it('reads the shipped topics from a folder whose name merely starts with the topics folder’s', async () => {
    const root = await folders.write({
      'topics/hello.yaml': topic('Hi!'),
      'topics-shipped/greeting.yaml': 'name: Greeting\nsystem: greeting\nnodes:\n  - kind: message\n    text: Hi.\n',
    });
    const store = await TopicStore.open({ dir: join(root, 'topics'), shippedSystemDir: join(root, 'topics-shipped'), log: silent });
    expect(store.library.system('greeting')?.id).to.equal('greeting');
  });
});
