import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { type ConnectorClient, ConnectorFactory } from 'botframework-connector';
import { expect } from 'chai';
import { CachedClientsAuthentication } from '../../bot/cached-auth.ts';
import { inboundMessage } from '../support/activities.ts';

describe('CachedClientsAuthentication', () => {
  it('gives every turn to one service URL the same connector client (and every turn one user token client), another URL its own', async () => {
    const adapter = new CloudAdapter(new CachedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({})));
    const seen: { connector: unknown; userTokens: unknown }[] = [];
    const turn = (serviceUrl: string) =>
      adapter.processActivityDirect('', inboundMessage(serviceUrl), async (context: TurnContext) => {
        seen.push({ connector: context.turnState.get(adapter.ConnectorClientKey), userTokens: context.turnState.get(adapter.UserTokenClientKey) });
      });
    await turn('http://127.0.0.1:1/a/');
    await turn('http://127.0.0.1:1/a/');
    await turn('http://127.0.0.1:1/b/');
    const proactive = () =>
      adapter.continueConversationAsync('', { ...inboundMessage('http://127.0.0.1:1/a/'), bot: { id: 'bot', name: 'bot' } } as never, async (context) => {
        seen.push({ connector: context.turnState.get(adapter.ConnectorClientKey), userTokens: context.turnState.get(adapter.UserTokenClientKey) });
      });
    await proactive();
    await proactive();
    expect(seen).to.have.length(5);
    expect(seen[0]!.connector).to.be.an('object');
    expect(seen[1]!.connector).to.equal(seen[0]!.connector);
    expect(seen[2]!.connector).to.not.equal(seen[0]!.connector);
    expect(seen[4]!.connector).to.equal(seen[3]!.connector);
    expect(new Set(seen.map((s) => s.userTokens)).size).to.equal(1);
  });

  it('does not keep a client whose creation failed: the next turn tries again', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    let attempts = 0;
    const real = inner.createConnectorFactory.bind(inner);
    inner.createConnectorFactory = (claims) => {
      const factory = real(claims);
      return new (class extends ConnectorFactory {
        create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
          attempts++;
          return attempts === 1 ? Promise.reject(new Error('token endpoint down')) : factory.create(serviceUrl, audience);
        }
      })();
    };
    const auth = new CachedClientsAuthentication(inner);
    const claims = (await auth.authenticateRequest(inboundMessage('http://127.0.0.1:1/a/'), '')).claimsIdentity;
    const factory = auth.createConnectorFactory(claims);
    let failure: unknown;
    await factory.create('http://127.0.0.1:1/a/').catch((error: unknown) => (failure = error));
    expect(String(failure)).to.include('token endpoint down');
    const client = await factory.create('http://127.0.0.1:1/a/');
    expect(await auth.createConnectorFactory(claims).create('http://127.0.0.1:1/a/')).to.equal(client);
    expect(attempts).to.equal(2);
  });
});
