export { AccountFixture } from './account-fixture';
export { TransferFixture } from './transfer-fixture';
export { must } from './must';
