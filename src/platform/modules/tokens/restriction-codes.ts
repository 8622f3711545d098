/**
 * Transfer restriction codes (ERC-1404 style): the platform speaks the one table it
 * shares with custody (src/shared/compliance/restriction-codes.ts, docs/compliance-codes.md).
 */
export { formatAmount, restriction, restrictionOfModule, RESTRICTIONS, type Restriction, type RestrictionName } from '../../../shared/compliance/restriction-codes.ts'
