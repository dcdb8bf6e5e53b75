import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { formatYamlIssue } from '../../../core/yaml.ts';
import { DEFAULT_DISPOSITIONS, DEFAULT_POLICY, isOpen, loadQueuesFile, parseQueuesYaml, QueuesFileError } from '../../../handoff-hub/routing/index.ts';

const demoFile = join(import.meta.dirname, '../../../handoff-hub/demo/queues.yaml');
const demoTopics = join(import.meta.dirname, '../../../topics/demo');

function errorsFor(yaml: string): string {
  const result = parseQueuesYaml(yaml, 'queues.yaml');
  if (result.ok) return expect.fail('expected errors');
  return result.issues.map(formatYamlIssue).join('\n');
}

const q = (id: string, extra = '') => `  - id: ${id}\n    name: ${id}\n    maxWaitSeconds: 600\n${extra}`;

describe('Queues file', () => {
  it('loads the demo queues named by the demo topics', async () => {
    const { queues, policy } = await loadQueuesFile(demoFile);
    expect(queues.map((x) => x.id)).to.deep.equal(['general', 'billing', 'accounts']);
    const billing = queues.find((x) => x.id === 'billing')!;
    expect(billing).to.deep.include({ skills: ['billing'], overflowQueue: 'general', maxWaitSeconds: 600 });
    expect(queues.find((x) => x.id === 'accounts')!.skills).to.deep.equal(['accounts']);
    expect(billing.businessHours?.timeZone).to.equal('Europe/London');
    expect(isOpen(billing.businessHours, Date.parse('2025-06-07T08:30:00Z'))).to.equal(true, 'Saturday 09:30 BST');
    expect(isOpen(billing.businessHours, Date.parse('2025-06-08T12:00:00Z'))).to.equal(false, 'Sunday');
    expect(policy).to.deep.equal(DEFAULT_POLICY);
    expect(Object.isFrozen(billing.skills)).to.equal(true);
  });

  it('has a queue for every queue the demo topics transfer to', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir(demoTopics, { recursive: true })).filter((f) => f.endsWith('.yaml'));
    const named = new Set<string>();
    for (const f of files) for (const m of (await readFile(join(demoTopics, f), 'utf8')).matchAll(/^\s+queue:\s*(\S+)/gm)) named.add(m[1]!);
    const { queues } = await loadQueuesFile(demoFile);
    expect([...named].sort()).to.deep.equal(['accounts', 'billing', 'general']);
    expect(queues.map((x) => x.id)).to.include.members([...named]);
  });

  it('merges routing knobs over the defaults', () => {
    const result = parseQueuesYaml(`routing:\n  offerTimeoutSeconds: 45\n  priority:\n    sentimentWeight: 50\nqueues:\n${q('general')}`, 'queues.yaml');
    expect(result.ok && result.config.policy).to.deep.include({ offerTimeoutSeconds: 45, reconnectWindowSeconds: 180 });
    expect(result.ok && result.config.policy.priority).to.deep.equal({ ...DEFAULT_POLICY.priority, sentimentWeight: 50 });
  });

  it('reads the wrap-up codes in their order, and uses the defaults when the file names none', async () => {
    const result = parseQueuesYaml(`queues:\n${q('general')}dispositions:\n  - { code: fixed, label: Fixed }\n  - { code: refund-issued, label: Refund issued }\n`, 'queues.yaml');
    expect(result.ok && result.config.dispositions).to.deep.equal([{ code: 'fixed', label: 'Fixed' }, { code: 'refund-issued', label: 'Refund issued' }]);
    const plain = parseQueuesYaml(`queues:\n${q('general')}`, 'queues.yaml');
    expect(plain.ok && plain.config.dispositions).to.deep.equal(DEFAULT_DISPOSITIONS);
    expect((await loadQueuesFile(demoFile)).dispositions.map((d) => d.code)).to.deep.equal(DEFAULT_DISPOSITIONS.map((d) => d.code));
  });

  it('refuses duplicate, malformed or empty wrap-up codes, with their line', () => {
    const list = (items: string) => `queues:\n${q('general')}dispositions:\n${items}`;
    expect(errorsFor(list('  - { code: fixed, label: Fixed }\n  - { code: fixed, label: Fixed again }\n'))).to.equal(
      'queues.yaml:7:13 dispositions[1].code: duplicate disposition code "fixed" (first at dispositions[0])',
    );
    expect(errorsFor(list('  - { code: Fixed It, label: Fixed }\n'))).to.match(/^queues\.yaml:6:\d+ dispositions\[0\]\.code: lower-case letters/);
    expect(errorsFor(list('  - { code: fixed }\n'))).to.match(/dispositions\[0\]\.label/);
    expect(errorsFor('queues:\n' + q('general') + 'dispositions: []\n')).to.match(/dispositions/);
  });

  it('names file, line, column and path for a schema error', () => {
    const yaml = `queues:\n${q('general')}${q('billing', '    businessHours:\n      timeZone: Europe/Londn\n      weekly:\n        mon: ["20:00-08:00"]\n')}`;
    const errors = errorsFor(yaml);
    expect(errors).to.match(/^queues\.yaml:9:17 queues\[1\]\.businessHours\.timeZone: an IANA time zone/m);
    expect(errors).to.match(/^queues\.yaml:11:15 queues\[1\]\.businessHours\.weekly\.mon\[0\]: the range must end after it starts/m);
  });

  it('refuses an unknown overflow queue, with its line', () => {
    expect(errorsFor(`queues:\n${q('general')}${q('billing', '    overflowQueue: genral\n')}`)).to.equal(
      'queues.yaml:8:20 queues[1].overflowQueue: unknown overflow queue "genral"',
    );
  });

  it('refuses overflow cycles', () => {
    const errors = errorsFor(`queues:\n${q('a', '    overflowQueue: b\n')}${q('b', '    overflowQueue: a\n')}${q('c', '    overflowQueue: c\n')}`).split('\n');
    expect(errors).to.deep.equal([
      'queues.yaml:5:20 queues[0].overflowQueue: overflow cycle: a → b → a',
      'queues.yaml:9:20 queues[1].overflowQueue: overflow cycle: b → a → b',
      'queues.yaml:13:20 queues[2].overflowQueue: overflow cycle: c → c',
    ]);
  });

  it('refuses duplicate queue ids, unknown keys and YAML syntax errors', () => {
    expect(errorsFor(`queues:\n${q('general')}${q('general')}`)).to.match(/^queues\.yaml:5:9 queues\[1\]\.id: duplicate queue id "general"/);
    expect(errorsFor(`queues:\n${q('general', '    maxWait: 5\n')}`)).to.match(/^queues\.yaml:5:\d+ queues\[0\]: Unrecognized key.*maxWait/);
    expect(errorsFor('queues:\n  - id: [unclosed\n')).to.match(/^queues\.yaml:\d+:\d+ \S/);
  });

  describe('loadQueuesFile', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'queues-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('throws a QueuesFileError naming the file and line', async () => {
      const path = join(dir, 'queues.yaml');
      writeFileSync(path, `queues:\n${q('general', '    overflowQueue: nowhere\n')}`);
      const error = await loadQueuesFile(path).then(
        () => expect.fail('expected an error'),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(QueuesFileError);
      expect((error as Error).message).to.equal(`${path}:5:20 queues[0].overflowQueue: unknown overflow queue "nowhere"`);
    });
  });
});
