import type { ReportKind } from '../../../contract/publicSite';

/**
 * A neighbour's problem report as an organiser or a fridge's volunteer reads its notice. The kinds
 * are worded as on the public card (dashboard/i18n/en.ts `reports.kinds`). The English title is
 * also the organisers' delivery log.
 */
export const reports = {
  kinds: {
    brokenDoor: 'door broken',
    dirty: 'dirty',
    notCold: 'not cold',
    emptyButSaysFull: 'empty though it says full',
    other: 'another problem',
  } satisfies Record<ReportKind, string>,
  title: (fridge: string, kind: string) => `Reported at ${fridge}: ${kind}`,
  /** `time` is "09:00" in the site's zone. */
  reportedAt: (time: string) => `A neighbour reported it at ${time}.`,
  theyWrote: (text: string) => `They wrote: “${text}”`,
  resolveIt:
    'Resolve it in the organisers’ report queue once it is dealt with; the public page shows it until then.',
};
