/** The ordered list of migrations. Add new ones at the end; never edit or reorder a released one. */
import * as m0001 from './0001-initial-schema';
import * as m0002 from './0002-fulfilment';

export const migrations = [
  { name: '0001-initial-schema', ...m0001 },
  { name: '0002-fulfilment', ...m0002 },
];
