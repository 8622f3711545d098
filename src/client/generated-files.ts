/** Where `npm run generate:client` writes each service's types. */
export const GENERATED_CLIENT_FILES = {
  custody: new URL('./generated/custody-api.ts', import.meta.url),
  platform: new URL('./generated/platform-api.ts', import.meta.url),
} as const

/** Where `npm run generate:postman` writes the collections and environments. */
export const POSTMAN_DIR = new URL('../../postman/', import.meta.url)
