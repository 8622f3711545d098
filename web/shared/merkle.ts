// RFC 6962 / RFC 9162 inclusion proofs, verified in the browser with WebCrypto.

const hex = (b: ArrayBuffer | Uint8Array) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('')
const unhex = (h: string): Uint8Array => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)))

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const buf = new Uint8Array(1 + left.length + right.length)
  buf[0] = 1
  buf.set(left, 1)
  buf.set(right, 1 + left.length)
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf))
}

/**
 * The root an inclusion proof leads to from a leaf hash (RFC 9162 §2.1.3.2), or null when
 * the proof has the wrong length for the leaf's position in a tree of that size.
 */
export async function rootFromInclusionProof(leafIndex: bigint, treeSize: bigint, leafHash: string, proof: string[]): Promise<string | null> {
  if (leafIndex >= treeSize) return null
  let fn = leafIndex
  let sn = treeSize - 1n
  let r: Uint8Array = unhex(leafHash)
  for (const p of proof) {
    if (sn === 0n) return null
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(unhex(p), r)
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) (fn >>= 1n), (sn >>= 1n)
    } else {
      r = await nodeHash(r, unhex(p))
    }
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n ? hex(r) : null
}

/** The root hash (hex) a C2SP checkpoint names: its third line, in base64. */
export function checkpointRoot(checkpoint: string): { origin: string; size: string; root: string } | null {
  const [origin, size, b64] = checkpoint.split('\n')
  if (!origin || !size || !b64) return null
  try {
    return { origin, size, root: hex(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))) }
  } catch {
    return null
  }
}

/**
 * Verifies a C2SP signed note (a checkpoint) against a verifier key
 * `<name>+<hex key id>+<base64(0x01 ‖ Ed25519 public key)>`: true when a signature line
 * of that key signs the note's body. Needs WebCrypto Ed25519 (current Chromium and Firefox).
 */
export async function verifyCheckpointSignature(note: string, vkey: string): Promise<boolean> {
  // The key's base64 may itself contain '+': only the first two separate fields.
  const [name, keyIdHex, ...rest] = vkey.split('+')
  const keyB64 = rest.join('+')
  const split = note.indexOf('\n\n')
  if (!name || !keyIdHex || !keyB64 || split < 0) return false
  const body = new TextEncoder().encode(note.slice(0, split + 1))
  const key = Uint8Array.from(atob(keyB64), (c) => c.charCodeAt(0))
  if (key[0] !== 1 || key.length !== 33) return false
  const publicKey = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify'])
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const raw = Uint8Array.from(atob(m[2]!), (c) => c.charCodeAt(0))
    if (raw.length !== 68 || hex(raw.slice(0, 4)) !== keyIdHex) continue
    if (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, raw.slice(4), body)) return true
  }
  return false
}
