import { randomBytes } from 'node:crypto';
import type { ActiveReport, ReportBody, ReportView } from '../../../contract/publicSite';
import { isoTime } from '../../clock';
import type { Volunteer } from '../../domain/notifications/types';
import {
  isNewProblem,
  type ProblemReport,
  reportAudience,
  reportCategory,
  reportText,
  summarizeOpenReports,
} from '../../domain/reports/reports';
import { AppError, fridgeNotFound } from '../../errors';
import type { FeatureContext } from '../../featureModule';
import { DEFAULT_LANGUAGE, formatTime, type ServerWords, wordsFor } from '../../i18n';
import { ReportRepository } from '../../storage/reportRepository';
import type { NoticeDraft } from '../notifications/notificationService';
import type { NoticeContent } from '../notifications/render';

/**
 * Problem reports from neighbours (issue 11): stored for the organisers' queue, told to organisers
 * (and the fridge's own volunteers) through the notification outbox in the same transaction, and
 * listed on the public status as "Reported: door broken, 2 h ago" until an organiser resolves them.
 */
export class ReportsFeature {
  readonly reports: ReportRepository;
  /** Open reports by fridge, held in memory: every status the catalogue makes reads them. */
  private openByFridge = new Map<string, ProblemReport[]>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly context: FeatureContext) {
    this.reports = new ReportRepository(context.db);
  }

  start(): void {
    this.reload();
    this.context.catalog.setReportSummary((fridgeId) => this.summary(fridgeId));
    this.unsubscribe = this.context.bus.on('fridgeRemoved', 'reports', ({ fridgeId }) => {
      // The rows went with the fridge (ON DELETE CASCADE).
      this.openByFridge.delete(fridgeId);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.context.catalog.setReportSummary(null);
    this.openByFridge.clear();
  }

  summary(fridgeId: string): ActiveReport[] {
    return summarizeOpenReports(this.openByFridge.get(fridgeId) ?? []);
  }

  /** Stores a neighbour's report; organisers hear of the first of each kind (`isNewProblem`). */
  report(fridgeId: string, body: ReportBody): ProblemReport {
    const { catalog, clock, db } = this.context;
    const fridge = catalog.definition(fridgeId);
    if (!fridge) throw fridgeNotFound(fridgeId);
    const report: ProblemReport = {
      id: `p-${randomBytes(6).toString('hex')}`,
      fridgeId,
      kind: body.kind,
      text: reportText(body),
      status: 'open',
      createdAtMs: clock.nowMs(),
      resolvedAtMs: null,
    };
    const openBefore = this.openByFridge.get(fridgeId) ?? [];
    db.transaction(() => {
      this.reports.insert(report);
      if (isNewProblem(openBefore, report.kind))
        this.context.notifications.enqueue(this.notice(report, fridge.name, fridge.address));
    })();
    this.openByFridge.set(fridgeId, [...openBefore, report]);
    catalog.refresh(fridgeId);
    return report;
  }

  /** Resolves the report and every other open one of its fridge and kind: they are one problem. */
  resolve(id: string): ReportView {
    const report = this.reports.get(id);
    if (!report) throw new AppError('REPORT_NOT_FOUND', id);
    if (report.status === 'open') {
      this.reports.resolveKind(report.fridgeId, report.kind, this.context.clock.nowMs());
      this.reload();
      this.context.catalog.refresh(report.fridgeId);
    }
    return this.view(this.reports.get(id) ?? report);
  }

  list(status: 'open' | 'resolved' | null, limit: number): ReportView[] {
    return this.reports.list(status, limit).map((r) => this.view(r));
  }

  private view(report: ProblemReport): ReportView {
    return {
      id: report.id,
      fridgeId: report.fridgeId,
      fridgeName: this.context.catalog.definition(report.fridgeId)?.name ?? report.fridgeId,
      kind: report.kind,
      text: report.text,
      status: report.status,
      createdAt: isoTime(report.createdAtMs) as string,
      resolvedAt: isoTime(report.resolvedAtMs),
    };
  }

  private reload(): void {
    this.openByFridge = new Map();
    for (const report of this.reports.openReports()) {
      this.openByFridge.set(report.fridgeId, [...(this.openByFridge.get(report.fridgeId) ?? []), report]);
    }
  }

  /** One notice per new problem, each recipient reading it in their own language; the log keeps English. */
  private notice(report: ProblemReport, fridgeName: string, address: string | null): NoticeDraft {
    const { notifications, timeZone } = this.context;
    const category = reportCategory(report.kind);
    const titleIn = (words: ServerWords) => words.reports.title(fridgeName, words.reports.kinds[report.kind]);
    const contentFor = (volunteer: Volunteer): NoticeContent => {
      const words = wordsFor(volunteer.language);
      const t = words.reports;
      const paragraphs = [
        t.reportedAt(formatTime(report.createdAtMs, words, timeZone)),
        ...(report.text ? [t.theyWrote(report.text)] : []),
        ...(address ? [words.alerts.notice.address(address)] : []),
        t.resolveIt,
      ];
      const links = [
        { label: words.liveStatus, url: notifications.links.url(`/fridges/${report.fridgeId}`) },
      ];
      return { title: titleIn(words), paragraphs, action: null, links };
    };
    return {
      kind: `report.${report.kind}`,
      category,
      critical: false,
      fridgeId: report.fridgeId,
      subjectId: report.id,
      title: titleIn(wordsFor(DEFAULT_LANGUAGE)),
      ignoreChoices: true,
      volunteerIds: reportAudience(report.fridgeId, category, notifications.volunteers.list()),
      contentFor,
    };
  }
}
