/** The ordered list of migrations. Add new ones at the end; never edit or reorder a released one. */
import * as m0001 from './0001-initial-schema';

export const migrations = [
  { name: '0001-initial-schema', ...m0001 },
];
