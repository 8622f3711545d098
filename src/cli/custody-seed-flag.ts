/** The flag `custos custody export-seed` demands, so nobody exports the seed by accident. */
export const EXPORT_CONFIRM_FLAG = 'i-understand-this-exports-the-seed'
