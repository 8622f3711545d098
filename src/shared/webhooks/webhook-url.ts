import { WebhookUrlInvalidError } from './webhook-errors.ts'

const MAX_URL_LENGTH = 2048

/**
 * Checks a subscription URL and returns it normalised: absolute http or
 * https, no credentials (they would be stored and listed in clear), no
 * fragment (never sent anyway).
 */
export function normaliseWebhookUrl(input: string): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_URL_LENGTH) {
    throw new WebhookUrlInvalidError(`url must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters`)
  }
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new WebhookUrlInvalidError('url is not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlInvalidError('url must use http or https')
  if (url.username !== '' || url.password !== '') throw new WebhookUrlInvalidError('url must not carry credentials; the signature authenticates deliveries')
  if (url.hash !== '') throw new WebhookUrlInvalidError('url must not have a fragment')
  if (url.hostname === '') throw new WebhookUrlInvalidError('url has no host')
  return url.toString()
}
