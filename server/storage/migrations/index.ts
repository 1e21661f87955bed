import { spineSchema } from './001-spine';
import { restockSchema } from './002-restock';
import { estimationSchema } from './003-estimation';
import { alertsSchema } from './004-alerts';

/**
 * Schema migrations, applied in order and recorded in `PRAGMA user_version`. Append only:
 * a deployed site has run every earlier step. One file per step.
 */
export const MIGRATIONS: readonly string[] = [spineSchema, restockSchema, estimationSchema, alertsSchema];
