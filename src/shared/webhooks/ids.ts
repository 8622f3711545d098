const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are uuids; anything else cannot exist, and must not reach a uuid column (a cast error would be a 500). */
export function isUuid(value: string): boolean {
  return typeof value === 'string' && UUID.test(value)
}
