import { describeKurrentDbContracts } from './kurrentdb-contracts';

describeKurrentDbContracts('kurrentdb');
