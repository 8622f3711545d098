// The transfers module's door: its routes (the check and custodial transfers). See README.md.
export { registerTransferRoutes } from './routes.ts'
