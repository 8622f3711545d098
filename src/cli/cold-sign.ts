import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { formatEther } from 'viem'
import { ConfigError, ValidationError } from '../shared/errors.ts'
import { createLogger } from '../shared/logger.ts'
import { loadMasterKey } from '../custody/keys/master-key.ts'
import { openKeystoreBackend } from '../custody/keys/keystore-backend.ts'
import { readColdPayload, signColdPayload, type ColdSignature } from '../custody/cold/sign-cold-payload.ts'
import { decodeCall } from '../custody/transactions/decode-call.ts'
import { unsignedOf } from '../custody/cold/cold-payload.ts'

export interface ColdSignOptions {
  /** The payload exported by custody (GET /v1/transactions/:id/cold-payload). */
  payload: string
  /** The offline keystore file (a copy of custody's, or one restored with `custos custody restore-seed`). */
  keystore: string
  /** Where to write the signature; stdout when left out. */
  out?: string
  /** A file holding the master key (64 hex); default CUSTODY_MASTER_KEY / CUSTODY_MASTER_KEY_FILE. */
  masterKeyFile?: string
  /** Where the human summary goes (stderr by default, so stdout can be piped). */
  log?: (line: string) => void
}

/**
 * `custos custody cold-sign`: on the offline machine, checks a cold payload (its digest
 * must match its transaction), shows what is about to be signed as custody's own decoder
 * reads it, signs it with the vault's key from the offline keystore (refusing a keystore
 * whose key at that path is not the vault's), and writes the signed transaction for import.
 * Never generates a master key or a keystore: both must already exist.
 */
export async function coldSignCommand(env: Record<string, string | undefined>, opts: ColdSignOptions): Promise<ColdSignature> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  if (!existsSync(opts.keystore)) throw new ConfigError(`no keystore at ${opts.keystore}: copy it to this machine or restore it with custos custody restore-seed`)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(opts.payload, 'utf8'))
  } catch (err) {
    throw new ValidationError(`${opts.payload} is not a JSON payload: ${(err as Error).message}`)
  }
  const payload = readColdPayload(parsed)
  if (payload.keyBackend !== 'keystore') throw new ConfigError(`vault ${payload.vaultId} keeps its key in ${payload.keyBackend}, not in a keystore file: sign with that backend's tools`)
  const tx = unsignedOf(payload.transaction)
  const call = decodeCall(tx.to!, tx.data!, tx.value!)
  log(`cold-sign: transaction ${payload.transactionId} (${payload.externalTxId}) from vault ${payload.vaultId} ${payload.from}`)
  log(`cold-sign: ${call.operation} of ${call.amount} ${call.asset === 'NATIVE' ? 'wei' : `units of ${call.asset}`} to ${call.destination}; chain ${tx.chainId}, nonce ${tx.nonce}, gas ${tx.gas}, max fee ${formatEther(tx.maxFeePerGas! * tx.gas!)} ETH`)

  const logger = createLogger({ service: 'custos-cli', level: 'warn' })
  const masterKey = await loadMasterKey({ env, file: opts.masterKeyFile, logger })
  const keystore = await openKeystoreBackend({ path: opts.keystore, masterKey, logger })
  masterKey.fill(0)
  let signature: ColdSignature
  try {
    signature = await signColdPayload(payload, await keystore.signer(payload.keyRef))
  } finally {
    await keystore.close()
  }
  const text = `${JSON.stringify(signature, null, 2)}\n`
  if (opts.out) {
    writeFileSync(opts.out, text)
    log(`cold-sign: signed ${signature.hash}; import ${opts.out} with POST /v1/transactions/${payload.transactionId}/cold-signature`)
  } else {
    process.stdout.write(text)
  }
  return signature
}
