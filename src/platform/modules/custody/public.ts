// The custody client's door: the CustodyProvider interface and its HTTP implementation,
// the role vaults, and exactly-once submission. What the platform knows of custody's
// transactions is read through read-custody-transactions.ts. See README.md.
export {
  type AddressHold,
  CUSTODY_FINAL_STATUSES,
  type CustodyIntent,
  type CustodyProvider,
  type CustodyTransaction,
  type CustodyTxStatus,
  type CustodyVault,
  type EnsureVaultParameters,
  type SubmitTransactionParameters,
  type WhitelistStatus,
} from './custody-provider.ts'
export { findOrSubmit, isFinal } from './custody-send.ts'
export { recordCustodyTransactionEvent, type CustodyTransactionEvent } from './custody-transactions.ts'
export { createHttpCustodyProvider, unconfiguredCustodyProvider } from './http-custody-provider.ts'
export { createRoleVaultResolver, INVESTOR_VAULT_PURPOSE, ROLE_VAULT_PURPOSES, type RoleVaults } from './role-vaults.ts'
export { fireblocksProviderFromConfig, fireblocksWebhookKeySource } from './fireblocks-config.ts'
