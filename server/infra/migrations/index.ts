/** The ordered list of migrations. Add new ones at the end; never edit or reorder a released one. */
import * as m0001 from './0001-initial-schema';
import * as m0002 from './0002-fulfilment';
import * as m0003 from './0003-ledger';
import * as m0004 from './0004-bot';
import * as m0005 from './0005-report-indexes';

export const migrations = [
  { name: '0001-initial-schema', ...m0001 },
  { name: '0002-fulfilment', ...m0002 },
  { name: '0003-ledger', ...m0003 },
  { name: '0004-bot', ...m0004 },
  { name: '0005-report-indexes', ...m0005 },
];
