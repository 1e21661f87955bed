import { spineSchema } from './001-spine';
import { restockSchema } from './002-restock';
import { estimationSchema } from './003-estimation';
import { linkKeysSchema } from './004-link-keys';
import { alertsSchema } from './005-alerts';
import { deviceBindingsSchema } from './006-device-bindings';
import { publicSiteSchema } from './007-public-site';
import { retentionSchema } from './008-retention';
import { sessionNetSchema } from './011-session-net';
import { mosquittoHashSchema } from './016-mosquitto-hash';
import { historyIndexesSchema } from './017-history-indexes';
import { followerLanguageSchema } from './019-follower-language';
import { volunteerLanguageSchema } from './020-volunteer-language';
import { readingsWithoutSeqIndexSchema } from './021-readings-without-seq-index';
import { estimatorStatesSchema } from './022-estimator-states';
import { estimatorStateCursorSchema } from './023-estimator-state-cursor';
import { brokerDeliveriesSchema } from './024-broker-deliveries';
import { readingsOneFridgeIndexSchema } from './025-readings-one-fridge-index';
import { alertStateGapsSchema } from './027-alert-state-gaps';
import { alertStateCursorSchema } from './028-alert-state-cursor';

/**
 * Schema migrations, applied in order and recorded in `PRAGMA user_version`. Append only:
 * a deployed site has run every earlier step. One file per step.
 */
export const MIGRATIONS: readonly string[] = [
  spineSchema,
  restockSchema,
  estimationSchema,
  linkKeysSchema,
  alertsSchema,
  deviceBindingsSchema,
  publicSiteSchema,
  retentionSchema,
  sessionNetSchema,
  mosquittoHashSchema,
  historyIndexesSchema,
  followerLanguageSchema,
  volunteerLanguageSchema,
  readingsWithoutSeqIndexSchema,
  estimatorStatesSchema,
  estimatorStateCursorSchema,
  readingsOneFridgeIndexSchema,
  // 024 was assigned to this change while 025 was already merged: appended, so a site at 025 runs it.
  brokerDeliveriesSchema,
  alertStateGapsSchema,
  alertStateCursorSchema,
];
