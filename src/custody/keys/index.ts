export type { DigestSignature, Hex, KeyBackend, Signer } from './signer.ts'
export { signTransaction } from './sign-transaction.ts'
export { claimPayloadHash, signClaim, signPersonalMessageDigest, type ClaimToSign } from './sign-claim.ts'
export { loadMasterKey, type LoadMasterKeyOptions } from './master-key.ts'
export {
  exportSeedBackup,
  KEYSTORE_PATH_PREFIX,
  KeystoreBackend,
  keystoreKeyRef,
  openKeystoreBackend,
  type ExportSeedBackupOptions,
  type KeystoreBackendOptions,
} from './keystore-backend.ts'
export { restoreSeedBackup, MIN_BACKUP_PASSPHRASE_LENGTH, type SeedBackupV1 } from './seed-backup.ts'
export { openPkcs11Backend, Pkcs11Backend, type Pkcs11KeyDescription } from './pkcs11-backend.ts'
export { pkcs11OptionsFromEnv, type Pkcs11BackendOptions } from './pkcs11-config.ts'
