import { describe, expect, it } from 'vitest'
import { signWebhookPayload } from './sign-webhook.ts'
import { verifyWebhookSignature } from './verify-webhook-signature.ts'

const SECRET = 'whsec_worked-example-secret-do-not-use'
const T = 1767225600
const NOW = new Date(T * 1000)
const BODY =
  '{"id":"6f1c1d4e-8a50-4b8e-9d55-1f0f2b7c9a10","type":"transaction.status_changed","resourceType":"transaction","resourceId":"tx_42","sequence":3,"occurredAt":"2026-01-01T00:00:00.000Z","data":{"status":"COMPLETED"}}'
// Computed with `openssl dgst -sha256 -hmac`, and quoted in README.md.
const README_SIGNATURE = 'c717c22d291919db9d7e27608372dc4eb59ad2e2e3b87ba3f694b00107a268b3'

describe('webhook signatures', () => {
  it('signs the worked example of the README exactly', () => {
    expect(signWebhookPayload({ secrets: [SECRET], rawBody: BODY, timestampSeconds: T })).toBe(`t=${T},v1=${README_SIGNATURE}`)
  })

  it('accepts a delivery signed with the secret, as string or bytes, within the tolerance either way', () => {
    const header = `t=${T},v1=${README_SIGNATURE}`
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toEqual({ ok: true, timestampSeconds: T })
    expect(verifyWebhookSignature({ header, rawBody: Buffer.from(BODY), secret: SECRET, now: new Date((T + 300) * 1000) }).ok).toBe(true)
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: new Date((T - 300) * 1000) }).ok).toBe(true)
  })

  it('says MISSING when there is no header', () => {
    for (const header of [undefined, null, '', '  ']) {
      expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toMatchObject({ ok: false, reason: 'MISSING' })
    }
  })

  it('says MALFORMED for anything that is not t=…,v1=…', () => {
    const sig = README_SIGNATURE
    const bad = [`v1=${sig}`, `t=${T}`, `t=abc,v1=${sig}`, `t=${T},v1=${sig.slice(2)}`, `t=${T},v1=zz${sig.slice(2)}`, `t=${T},t=${T},v1=${sig}`, `t${T},v1=${sig}`, `t=${T},v0=${sig}`]
    for (const header of bad) {
      expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW }), header).toMatchObject({ ok: false, reason: 'MALFORMED' })
    }
    expect(verifyWebhookSignature({ header: [`t=${T},v1=${sig}`, `t=${T},v1=${sig}`], rawBody: BODY, secret: SECRET, now: NOW })).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    })
  })

  it('says EXPIRED outside the tolerance, past or future, before looking at the signature', () => {
    const header = `t=${T},v1=${README_SIGNATURE}`
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: new Date((T + 301) * 1000) })).toMatchObject({ ok: false, reason: 'EXPIRED' })
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: new Date((T - 301) * 1000) })).toMatchObject({ ok: false, reason: 'EXPIRED' })
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: new Date((T + 1000) * 1000), toleranceSeconds: 2000 }).ok).toBe(true)
  })

  it('says MISMATCH for a changed body, timestamp or secret, and never reveals the expected value', () => {
    const header = `t=${T},v1=${README_SIGNATURE}`
    const tampered = BODY.replace('COMPLETED', 'FAILED')
    const r = verifyWebhookSignature({ header, rawBody: tampered, secret: SECRET, now: NOW })
    expect(r).toMatchObject({ ok: false, reason: 'MISMATCH' })
    const expected = signWebhookPayload({ secrets: [SECRET], rawBody: tampered, timestampSeconds: T }).split('v1=')[1]!
    expect(JSON.stringify(r)).not.toContain(expected)
    expect(JSON.stringify(r)).not.toContain(SECRET)
    expect(verifyWebhookSignature({ header: `t=${T + 1},v1=${README_SIGNATURE}`, rawBody: BODY, secret: SECRET, now: NOW })).toMatchObject({ reason: 'MISMATCH' })
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: 'whsec_other', now: NOW })).toMatchObject({ reason: 'MISMATCH' })
  })

  it('accepts any of several v1 values and any of several secrets (rotation on either side)', () => {
    const header = signWebhookPayload({ secrets: ['whsec_new', 'whsec_old'], rawBody: BODY, timestampSeconds: T })
    expect(header.match(/v1=/g)).toHaveLength(2)
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: 'whsec_old', now: NOW }).ok).toBe(true)
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: 'whsec_new', now: NOW }).ok).toBe(true)
    expect(verifyWebhookSignature({ header, rawBody: BODY, secret: 'whsec_third', now: NOW }).ok).toBe(false)
    const single = signWebhookPayload({ secrets: ['whsec_new'], rawBody: BODY, timestampSeconds: T })
    expect(verifyWebhookSignature({ header: single, rawBody: BODY, secret: ['whsec_old', 'whsec_new'], now: NOW }).ok).toBe(true)
    // Unknown schemes beside a good v1 are ignored, so a sender can add v2 later.
    expect(verifyWebhookSignature({ header: `${single},v2=abc`, rawBody: BODY, secret: 'whsec_new', now: NOW }).ok).toBe(true)
  })
})
