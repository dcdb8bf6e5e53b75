/**
 * App-only credentials for Graph: a client secret (an Entra app registration with the Sites.Read.All or
 * Files.Read.All application permission), a user-assigned managed identity, or else DefaultAzureCredential
 * (environment, workload identity, system-assigned managed identity, Azure CLI on a developer's machine).
 * The caller passes values from its parsed config: nothing here reads the environment itself.
 */
import { ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export interface SharePointCredentialOptions {
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly managedIdentityClientId?: string;
}

export function sharePointCredential(o: SharePointCredentialOptions): TokenCredential {
  const { tenantId, clientId, clientSecret, managedIdentityClientId } = o;
  if (clientSecret) {
    // Half a secret configuration is a mistake to report, not a reason to fall back to another identity silently.
    const missing = [!tenantId && 'tenantId', !clientId && 'clientId'].filter(Boolean);
    if (missing.length > 0 || !tenantId || !clientId) {
      throw new Error(`SharePoint credential: clientSecret is set but ${missing.join(' and ')} is missing`);
    }
    return new ClientSecretCredential(tenantId, clientId, clientSecret);
  }
  if (managedIdentityClientId) return new ManagedIdentityCredential({ clientId: managedIdentityClientId });
  return new DefaultAzureCredential();
}
