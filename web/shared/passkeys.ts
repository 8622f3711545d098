// WebAuthn in the browser: the API speaks base64url JSON; the browser wants ArrayBuffers.

const toBytes = (b64u: string): ArrayBuffer => {
  const b64 = b64u.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64u.length + 3) % 4)
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out.buffer
}

const toB64u = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Creates a passkey from the server's creation options (JSON form) and returns the response as JSON. */
export async function createPasskey(options: any) {
  const pk = options.publicKey
  const cred = (await navigator.credentials.create({
    publicKey: {
      ...pk,
      challenge: toBytes(pk.challenge),
      user: { ...pk.user, id: toBytes(pk.user.id) },
      excludeCredentials: (pk.excludeCredentials ?? []).map((c: any) => ({ ...c, id: toBytes(c.id) })),
    },
  })) as PublicKeyCredential | null
  if (!cred) throw new Error('no passkey was created')
  const r = cred.response as AuthenticatorAttestationResponse
  return {
    id: cred.id,
    rawId: toB64u(cred.rawId),
    type: 'public-key',
    response: { clientDataJSON: toB64u(r.clientDataJSON), attestationObject: toB64u(r.attestationObject), transports: r.getTransports?.() ?? [] },
  }
}

/** Signs `challenge` (base64url) with a passkey of this site and returns the assertion as JSON. */
export async function signWithPasskey(challenge: string, rpId?: string, allow: string[] = []) {
  const cred = (await navigator.credentials.get({
    publicKey: { challenge: toBytes(challenge), rpId, userVerification: 'required', timeout: 300_000, allowCredentials: allow.map((id) => ({ type: 'public-key' as const, id: toBytes(id) })) },
  })) as PublicKeyCredential | null
  if (!cred) throw new Error('no passkey answered')
  const r = cred.response as AuthenticatorAssertionResponse
  return {
    id: cred.id,
    rawId: toB64u(cred.rawId),
    type: 'public-key',
    response: {
      clientDataJSON: toB64u(r.clientDataJSON),
      authenticatorData: toB64u(r.authenticatorData),
      signature: toB64u(r.signature),
      userHandle: r.userHandle ? toB64u(r.userHandle) : null,
    },
  }
}
