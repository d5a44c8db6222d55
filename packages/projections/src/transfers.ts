export {
  transferProjectionNames,
  transferProjections,
  type TransferProjectionName,
  type TransferProjectionsOptions,
} from './transfers/transfer-projections';
export { transferSummaryProjection, type TransferSummaryOptions } from './transfers/transfer-summary/transfer-summary.projection';
export { transferChangesOf, type TransferChange, type TransferStatus, type TransferTermsRow } from './transfers/transfer-changes';
