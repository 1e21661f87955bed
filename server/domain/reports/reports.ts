import type { ActiveReport, ReportBody, ReportKind } from '../../../contract/publicSite';
import { AppError } from '../../errors';
import { type NoticeCategory, type Volunteer, wantsNotice } from '../notifications/types';

/** A neighbour's problem report as stored; the reporter is never recorded. */
export interface ProblemReport {
  id: string;
  fridgeId: string;
  kind: ReportKind;
  text: string | null;
  status: 'open' | 'resolved';
  createdAtMs: number;
  resolvedAtMs: number | null;
}

/**
 * Which organisers' notice choice a report falls under: "not cold" is food safety; the rest are
 * about the fridge itself needing care, the same choice as device trouble (docs/open-data.md).
 */
export function reportCategory(kind: ReportKind): NoticeCategory {
  return kind === 'notCold' ? 'foodSafety' : 'deviceHealth';
}

/** The report's text, trimmed; `other` needs one (the schema cannot say so). */
export function reportText(body: ReportBody): string | null {
  const text = body.text?.trim() ?? '';
  if (body.kind === 'other' && text === '')
    throw new AppError('BAD_REQUEST', 'text: say in a few words what is wrong (kind "other")');
  return text === '' ? null : text;
}

/** One entry per kind still open, oldest first; `since` is its first report. */
export function summarizeOpenReports(open: readonly ProblemReport[]): ActiveReport[] {
  const byKind = new Map<ReportKind, ActiveReport>();
  for (const report of [...open].sort((a, b) => a.createdAtMs - b.createdAtMs)) {
    if (report.status !== 'open') continue;
    const entry = byKind.get(report.kind);
    if (entry) entry.count += 1;
    else
      byKind.set(report.kind, {
        kind: report.kind,
        since: new Date(report.createdAtMs).toISOString(),
        count: 1,
      });
  }
  return [...byKind.values()];
}

/**
 * Organisers hear of a kind of problem once, when it is first reported: the next reports of the
 * same kind, until it is resolved, only add to its count. A stranger repeating a report cannot
 * flood anyone's inbox (the per-address rate limit bounds the rest).
 */
export function isNewProblem(openBefore: readonly ProblemReport[], kind: ReportKind): boolean {
  return !openBefore.some((r) => r.status === 'open' && r.kind === kind);
}

/**
 * Who hears of a new problem: every organiser (the queue is theirs, whatever notice categories
 * they chose; an unsubscribed one still hears nothing) and the fridge's own volunteers who chose
 * the report's category.
 */
export function reportAudience(
  fridgeId: string,
  category: NoticeCategory,
  volunteers: readonly Volunteer[],
): string[] {
  return volunteers
    .filter(
      (v) =>
        v.unsubscribedAtMs === null &&
        (v.role === 'organiser' || (v.fridgeIds.includes(fridgeId) && wantsNotice(v, category))),
    )
    .map((v) => v.id);
}
