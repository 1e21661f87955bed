import type { ReportKind } from '../../contract/publicSite';
import type { ProblemReport } from '../domain/reports/reports';
import type { Db } from './database';

interface ReportRow {
  id: string;
  fridge_id: string;
  kind: ReportKind;
  text: string | null;
  status: 'open' | 'resolved';
  created_at: number;
  resolved_at: number | null;
}

const hydrate = (row: ReportRow): ProblemReport => ({
  id: row.id,
  fridgeId: row.fridge_id,
  kind: row.kind,
  text: row.text,
  status: row.status,
  createdAtMs: row.created_at,
  resolvedAtMs: row.resolved_at,
});

/** Problem reports from neighbours, open until an organiser resolves them. */
export class ReportRepository {
  constructor(private readonly db: Db) {}

  insert(report: ProblemReport): void {
    this.db
      .prepare(
        `INSERT INTO problem_reports (id, fridge_id, kind, text, status, created_at, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(report.id, report.fridgeId, report.kind, report.text, report.status, report.createdAtMs, null);
  }

  get(id: string): ProblemReport | null {
    const row = this.db.prepare<[string], ReportRow>('SELECT * FROM problem_reports WHERE id = ?').get(id);
    return row ? hydrate(row) : null;
  }

  /** Newest first; `status` null lists both. */
  list(status: 'open' | 'resolved' | null, limit: number): ProblemReport[] {
    const rows =
      status === null
        ? this.db
            .prepare<[number], ReportRow>(
              'SELECT * FROM problem_reports ORDER BY created_at DESC, id LIMIT ?',
            )
            .all(limit)
        : this.db
            .prepare<[string, number], ReportRow>(
              'SELECT * FROM problem_reports WHERE status = ? ORDER BY created_at DESC, id LIMIT ?',
            )
            .all(status, limit);
    return rows.map(hydrate);
  }

  openReports(): ProblemReport[] {
    return this.db
      .prepare<[], ReportRow>("SELECT * FROM problem_reports WHERE status = 'open' ORDER BY created_at, id")
      .all()
      .map(hydrate);
  }

  /** Resolves every open report of this fridge and kind (they describe one problem); returns how many. */
  resolveKind(fridgeId: string, kind: ReportKind, nowMs: number): number {
    return this.db
      .prepare(
        "UPDATE problem_reports SET status = 'resolved', resolved_at = ? WHERE fridge_id = ? AND kind = ? AND status = 'open'",
      )
      .run(nowMs, fridgeId, kind).changes;
  }
}
