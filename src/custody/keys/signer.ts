/** A 0x-prefixed hex string. */
export type Hex = `0x${string}`

/** An ECDSA secp256k1 signature with its recovery id, s always in the low half (EIP-2). */
export interface DigestSignature {
  r: Hex
  s: Hex
  yParity: 0 | 1
}

/**
 * One signing key held by a backend. The key itself never leaves the backend:
 * a Signer exposes its address and signs 32-byte digests, nothing else.
 *
 * @example
 * const signer = await backend.signer(vault.keyRef)
 * const { r, s, yParity } = await signer.signDigest(keccak256(payload))
 */
export interface Signer {
  readonly backend: 'keystore' | 'pkcs11'
  /** Checksummed address of the key. */
  readonly address: Hex
  /** Signs a 32-byte digest as is (no hashing, no prefix). */
  signDigest(digest: Hex): Promise<DigestSignature>
}

/**
 * Where the custody service keeps its keys. `keyRef` is opaque and not secret:
 * the custody database stores it per vault and hands it back to `signer()`.
 *
 * @example
 * const { keyRef, address } = await backend.createKey(vault.id)
 * await db.insertInto('vault_key').values({ vaultId: vault.id, keyRef, address }).execute()
 */
export interface KeyBackend {
  readonly kind: 'keystore' | 'pkcs11'
  /** Creates the vault's key, or returns the existing one when called again for the same vault. */
  createKey(vaultId: string): Promise<{ keyRef: string; address: Hex }>
  signer(keyRef: string): Promise<Signer>
  /** Releases sessions and wipes key material held in memory; the backend is unusable after. */
  close(): Promise<void>
}
