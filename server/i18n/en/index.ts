import { alerts } from './alerts';
import { reports } from './reports';
import { volunteer } from './volunteer';

/**
 * Every word a neighbour or a volunteer reads from the server in English: here the follow e-mails
 * and the pages behind their links; `volunteer` (./volunteer.ts) the restock notices, the claim,
 * needs and preferences pages; `alerts` (./alerts.ts) the food-safety and device-health notices and
 * their acknowledge page; `reports` (./reports.ts) the notice of a neighbour's problem report. A new language is one more folder beside this one (`xx/`, its `index.ts`
 * exporting `words: ServerWords`) and one line in `../index.ts`; the type check refuses it until
 * every key is there. Functions take names as plain text and return plain text, except the `…Html`
 * ones, which get the name already escaped. The dashboard's words are in dashboard/i18n/.
 */
export const words = {
  /** Intl locale for dates and numbers in this language's e-mails and pages. */
  locale: 'en-GB',
  footer: 'Change what you receive, or unsubscribe',
  liveStatus: 'Live status',
  confirmMail: {
    title: (fridge: string) => `Confirm: news of ${fridge}`,
    asked: (fridge: string) =>
      `Someone, hopefully you, asked to hear by e-mail when ${fridge} is restocked or safe again.`,
    lapses: (hours: number, when: string) =>
      `Nothing is sent until you confirm. If it was not you, ignore this e-mail: the request lapses in ${hours} h (${when}) and the address is forgotten.`,
    action: 'Confirm',
  },
  restocked: {
    title: (fridge: string) => `${fridge} has been restocked`,
    now: (level: string, kg: string | null) => `Now: ${level}${kg === null ? '' : `, about ${kg} kg`}.`,
    foodAgain: 'There is food in it again.',
    share: 'Take what you need; share what you can.',
  },
  /** Stock levels as the restocked notice names them. */
  level: { empty: 'empty', few: 'few', many: 'many', full: 'full' },
  safeAgain: {
    title: (fridge: string) => `${fridge} is safe again`,
    tooWarm: 'It is cold again.',
    tooCold: 'It is no longer too cold.',
    doorAjar: 'Its door is shut again.',
    other: 'It is safe again.',
    over: 'The food-safety alert is over.',
  },
  pages: {
    confirmTitle: (fridge: string) => `Follow ${fridge}`,
    confirmHtml: (fridgeHtml: string) =>
      `You will get an e-mail when <strong>${fridgeHtml}</strong> is restocked or safe again, at most one every few hours. Every e-mail has a link to stop them.`,
    confirmButton: 'Yes, send me these e-mails',
    confirmedTitle: (fridge: string) => `You follow ${fridge}`,
    confirmedHtml: (fridgeHtml: string) =>
      `You will hear when <strong>${fridgeHtml}</strong> is restocked or safe again. Each e-mail has a link to stop them.`,
    unsubscribeTitle: (fridge: string) => `Stop e-mails about ${fridge}`,
    unsubscribeText: 'Your address is forgotten at once; you can follow again any time.',
    unsubscribeButton: 'Stop these e-mails',
    unsubscribedTitle: 'No more e-mails',
    unsubscribedHtml: (fridgeHtml: string | null) =>
      `You will get no more e-mails${fridgeHtml === null ? '' : ` about <strong>${fridgeHtml}</strong>`}, and your address is forgotten.`,
  },
  /** A follow link that cannot be followed, in the language the reader's browser asks for. */
  refusal: {
    expiredTitle: 'This link has expired',
    expiredText: 'Ask again from the fridge’s page, or use the link in a newer e-mail.',
    invalidTitle: 'This link does not work',
    invalidText: 'It may have been cut short when copied.',
    nothingChanged: 'Nothing was changed.',
  },
  /** The follow request's answer (202), in the language the browser asks for. */
  followReceipt: 'If this address can receive e-mail, a message with a confirmation link is on its way.',
  /** "45 min", "2 h", "2 h 15 min". */
  duration: (hours: number, minutes: number) =>
    hours === 0 ? `${minutes} min` : minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`,
  volunteer,
  alerts,
  reports,
};

export type ServerWords = typeof words;
