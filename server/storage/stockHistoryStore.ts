import type { Db } from './database';

export interface StockPoint {
  atMs: number;
  kg: number;
  percent: number;
  uncertaintyKg: number | null;
}

/** Stock estimates over time, for the dashboard's chart. */
export class StockHistoryStore {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      'INSERT OR REPLACE INTO stock_history (fridge_id, at, kg, percent, uncertainty_kg) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Runs inside the caller's transaction. */
  append(fridgeId: string, point: StockPoint): void {
    this.insertStmt.run(fridgeId, point.atMs, point.kg, point.percent, point.uncertaintyKg);
  }

  between(fridgeId: string, fromMs: number, toMs: number, limit = 5000): StockPoint[] {
    return this.db
      .prepare<[string, number, number, number], StockPoint>(
        `SELECT at AS atMs, kg, percent, uncertainty_kg AS uncertaintyKg FROM stock_history
         WHERE fridge_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?`,
      )
      .all(fridgeId, fromMs, toMs, limit);
  }
}
