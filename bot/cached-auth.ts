import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { BoundedMap } from '../core/bounded-map.ts';

/**
 * The SDK's Bot Framework authentication, with the clients it makes for each turn kept and reused. CloudAdapter
 * builds a new ConnectorClient and UserTokenClient (each an HTTP client pipeline) for every activity in and every
 * proactive turn; they depend only on the bot's app id, the service URL and the audience, and their credentials
 * renew their own tokens, so one of each per key serves every turn. That is about 0.1 ms of each turn on this
 * machine, several times that when the process is otherwise idle (bench/lib/hub-ours.ts).
 */
export class CachedClientsAuthentication extends BotFrameworkAuthentication {
  readonly #connectors = new BoundedMap<string, Promise<ConnectorClient>>(1_000);
  readonly #userTokenClients = new BoundedMap<string, Promise<UserTokenClient>>(100);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.#cachedFactory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#cached(this.#userTokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  #withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.#cachedFactory(factory, result.claimsIdentity) } : result;
  }

  #cachedFactory(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    const cached = (serviceUrl: string, audience?: string) =>
      this.#cached(this.#connectors, JSON.stringify([appId, serviceUrl, audience ?? null]), () => factory.create(serviceUrl, audience));
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return cached(serviceUrl, audience);
      }
    })();
  }

  /** A failed creation is not kept: the next turn tries again. */
  #cached<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    const created = create();
    cache.set(key, created);
    created.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
    return created;
  }
}

/** Whose credentials a client carries: the bot's app id as the SDK reads it (audience claim, else app id claim). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}
