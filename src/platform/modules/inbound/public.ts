// The webhook inbox's door: its routes, the worker's inbox pass and the secrets it checks. See README.md.
export { processInbox } from './process-inbox.ts'
export { registerInboundRoutes } from './routes.ts'
export { secretSource } from './secrets.ts'
export { registerFireblocksInboundRoute } from './inbound-fireblocks.ts'
