export { AccountFixture } from './account-fixture';
export { must } from './must';
