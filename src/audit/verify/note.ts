import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { HASH_SIZE, sha256 } from '../hashing.ts'

/*
 * The verifier's own reading of C2SP signed-note and tlog-checkpoint.
 */

const ED25519_TYPE = 0x01
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const SIG_PREFIX = '\u2014 '

/** A parsed C2SP verifier key `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
export interface VerifierKey {
  name: string
  keyId: Buffer
  publicKey: Buffer
  key: KeyObject
  vkey: string
}

/** Parses a verifier key, or returns a reason it is not one. */
export function parseVerifierKey(vkey: string): VerifierKey | string {
  // base64 may itself hold '+': the name and key id are the first two fields.
  const m = /^([^+]+)\+([0-9a-fA-F]{8})\+(.+)$/.exec(vkey.trim())
  if (!m) return 'a verifier key is <name>+<8 hex digits>+<base64 key>'
  const [, name, idHex, b64] = m as unknown as [string, string, string, string]
  if (name === '' || /\s/u.test(name)) return 'the key name is empty or has spaces'
  const raw = Buffer.from(b64, 'base64')
  if (raw.length !== 33 || raw[0] !== ED25519_TYPE) return 'only Ed25519 verifier keys (type 0x01) are supported'
  const publicKey = raw.subarray(1)
  const keyId = sha256(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, ED25519_TYPE]), publicKey])).subarray(0, 4)
  if (keyId.toString('hex') !== idHex.toLowerCase()) return 'the key id does not match the name and public key'
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
  return { name, keyId, publicKey, key, vkey: vkey.trim() }
}

export interface CheckpointNote {
  origin: string
  treeSize: number
  rootHash: Buffer
}

export type SignatureStatus =
  | { ok: true; signedBy: string }
  | { ok: false; code: 'CHECKPOINT_SIGNATURE_INVALID' | 'CHECKPOINT_UNTRUSTED'; message: string }

export type OpenedCheckpoint = { note: CheckpointNote; signature: SignatureStatus } | { code: 'CHECKPOINT_MALFORMED'; message: string }

function malformed(message: string): OpenedCheckpoint {
  return { code: 'CHECKPOINT_MALFORMED', message }
}

/**
 * Opens a signed checkpoint: parses the note text as a tlog-checkpoint and
 * checks its signatures. A signature line from a trusted key (matched by
 * name and key id) must verify over the text; one that does not fails the
 * note, as C2SP signed-note requires, and lines from other keys are ignored.
 */
export function openCheckpoint(note: string, keys: VerifierKey[]): OpenedCheckpoint {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) return malformed('the note holds control characters')
  const split = note.lastIndexOf('\n\n')
  if (split < 0 || !note.endsWith('\n')) return malformed('no blank line between the text and its signatures')
  const text = note.slice(0, split + 1)
  const lines = text.split('\n')
  const [origin, sizeText, rootB64] = lines
  if (!origin || sizeText === undefined || rootB64 === undefined || lines.length < 4) return malformed('the checkpoint text needs origin, size and root hash lines')
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) return malformed('the tree size line is not a decimal number')
  const rootHash = Buffer.from(rootB64, 'base64')
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== rootB64) return malformed('the root hash line is not 32 bytes of standard base64')

  let verified: VerifierKey | null = null
  let failed: VerifierKey | null = null
  for (const line of note.slice(split + 2, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) return malformed('a signature line does not start with an em dash and a space')
    const [name, b64, extra] = line.slice(SIG_PREFIX.length).split(' ')
    if (!name || !b64 || extra !== undefined) return malformed('a signature line is not "— <name> <signature>"')
    const sig = Buffer.from(b64, 'base64')
    if (sig.length < 5) return malformed('a signature is too short')
    const key = keys.find((k) => k.name === name && Buffer.compare(k.keyId, sig.subarray(0, 4)) === 0)
    if (!key) continue
    if (sig.length === 68 && verify(null, Buffer.from(text, 'utf8'), key.key, sig.subarray(4))) verified = key
    else failed = key
  }
  const note_ = { origin, treeSize: Number(sizeText), rootHash }
  if (failed) return { note: note_, signature: { ok: false, code: 'CHECKPOINT_SIGNATURE_INVALID', message: `the signature by ${failed.name} does not verify` } }
  if (!verified) return { note: note_, signature: { ok: false, code: 'CHECKPOINT_UNTRUSTED', message: 'no signature from a trusted key' } }
  return { note: note_, signature: { ok: true, signedBy: verified.name } }
}
