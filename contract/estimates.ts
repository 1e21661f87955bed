import Type, { type Static } from 'typebox';
import { ActivitySchema, IsoTime } from './api';

/** The stock estimator's history as the API answers it, for the dashboard's chart and visit list. */

/** `GET /api/fridges/{id}/stock-history`: one estimate of the whole fridge. */
export const StockPointSchema = Type.Object({
  at: IsoTime,
  kg: Type.Number(),
  percent: Type.Number(),
  uncertaintyKg: Type.Union([Type.Number(), Type.Null()]),
});
export type StockPoint = Static<typeof StockPointSchema>;

/**
 * `GET /api/fridges/{id}/sessions`: one door session (a visit or a restock). `netKg` is what came
 * in (positive) or left (negative); `takenKg` and `addedKg` come from it, so food moved from one
 * shelf to another is neither. `shelves` lists the moves, shelf by shelf, for the curious.
 */
export const DoorSessionSchema = Type.Object({
  openedAt: IsoTime,
  closedAt: IsoTime,
  netKg: Type.Number(),
  takenKg: Type.Number({ minimum: 0 }),
  addedKg: Type.Number({ minimum: 0 }),
  shelves: Type.Array(Type.Object({ shelfId: Type.String(), deltaKg: Type.Number() })),
  source: Type.Union([Type.Literal('door'), Type.Literal('step')]),
  settle: Type.Union([Type.Literal('clean'), Type.Literal('timeout'), Type.Literal('interrupted')]),
});
export type DoorSession = Static<typeof DoorSessionSchema>;

/** `GET /api/activity`: today's and this week's totals, for the network and per fridge. */
export const NetworkActivitySchema = Type.Object({
  network: ActivitySchema,
  fridges: Type.Record(Type.String(), ActivitySchema),
});
export type NetworkActivity = Static<typeof NetworkActivitySchema>;
