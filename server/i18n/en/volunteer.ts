/** What volunteers read (restock notices, claim, needs and preferences pages), in the language an organiser or they themselves chose. */
export const volunteer = {
  /** What the fridge needs, in one sentence: the notice and the claim page both say it. */
  stock: {
    manual: 'An organiser asked for a restock.',
    forecast: 'At the rate food is going, it will be empty within a few hours.',
    low: 'It is running low.',
    level: { empty: 'empty', few: 'down to a few items', low: 'running low' },
    itIs: (state: string, weight: { kg: string; capacityKg: string } | null) =>
      `It is ${state}${weight === null ? '' : ` (${weight.kg} kg of ${weight.capacityKg} kg)`}.`,
  },
  notice: {
    needsRestocking: (fridge: string) => `${fridge} needs restocking`,
    stillNeeds: (fridge: string) => `${fridge} still needs restocking`,
    needsAgain: (fridge: string) => `${fridge} needs restocking again`,
    address: (address: string) => `Address: ${address}`,
    escalated: (duration: string) => `Nobody has claimed it for ${duration}, so more volunteers are asked.`,
    waited: (duration: string) => `The request has waited ${duration}.`,
    released: (name: string) => `${name} can't make it after all.`,
    reopened: (name: string) => `${name} could not make it in time.`,
    theVolunteer: 'The volunteer',
    howToClaim:
      'The link shows the request; one tap there claims it, so nobody else drives over. You can set your ETA next.',
    claim: "I'll restock it",
    updateNeeds: 'Update what this fridge needs',
    etaPassedTitle: (fridge: string) => `Your restock at ${fridge}: the ETA has passed`,
    planned: (time: string | null) =>
      `You planned to be there by ${time ?? 'now'}; no restock has shown up yet.`,
    releaseOrReopens: (time: string) =>
      `If you can't make it, release it so someone else can go. Otherwise it reopens to others at ${time}.`,
    release: "If you can't make it, release it so someone else can go.",
    changeEta: 'Change ETA or release',
    thanksTitle: (fridge: string) => `Thank you! ${fridge} is restocked`,
    arrived: (kg: string | null, duration: string) =>
      `${kg === null ? 'Food arrived' : `${kg} kg of food arrived`}, ${duration} after the request opened. Neighbours will see it on the live status.`,
    cancelledTitle: (fridge: string) => `No need to go: the ${fridge} request is cancelled`,
    cancelled: 'An organiser cancelled the restock request you claimed. Thank you for offering.',
    expiredTitle: (fridge: string) => `Restock request for ${fridge} expired unclaimed`,
    expired: (duration: string) => `Nobody claimed it within ${duration}.`,
    newRequest: 'If the fridge is still low, a new request opens by itself.',
    claimedTitle: (fridge: string) => `${fridge} restock claimed`,
    testTitle: 'Test notice from the community fridge monitor',
    test: (name: string) => `Hello ${name}, this is a test: notices reach you here.`,
  },
  claimPage: {
    oneTap: (name: string) =>
      `${name}, one tap and other volunteers see it is taken; you can set your ETA next.`,
    yoursTitle: "You're on it. Thank you!",
    yours: (name: string, eta: string) =>
      `${name}, the request is yours: other volunteers see it is taken, ETA ${eta}.\nWhen food goes in, the fridge notices and closes the request by itself.`,
    etaPrompt: "I'll be there in:",
    cantGo: "I can't go after all",
    alreadyClaimedTitle: 'Already claimed',
    alreadyClaimed: (name: string | null, eta: string) =>
      `Already claimed by ${name ?? 'another volunteer'}, ETA ${eta}. No need to go. Thank you for offering!`,
    restockedTitle: 'Already restocked',
    notNeededTitle: 'No longer needed',
    restocked: (at: string | null) => `Already restocked${at === null ? '' : ` at ${at}`}. Thank you anyway!`,
    cancelled: (at: string | null) =>
      `An organiser cancelled this request${at === null ? '' : ` at ${at}`}. No need to go.`,
    expired: (at: string | null) =>
      `This request expired${at === null ? '' : ` at ${at}`}. If the fridge is still low, a new request will reach you.`,
    releasedTitle: 'Released',
    released: 'Thanks for letting us know. Other volunteers are asked again.',
    etaSaved: 'ETA saved.',
    badEta: 'The ETA must be 5 minutes to 24 hours away.',
    unknownAction: 'This form asks for nothing this page knows.',
    nothingToClaim: 'Nothing to claim here',
  },
  needsPage: {
    title: (fridge: string) => `What ${fridge} needs`,
    intro: 'Tick what neighbours should bring; the fridge page and its status screen show it at once.',
    legend: 'Needed now',
    note: (max: number) => `A short note (${max} characters at most)`,
    save: 'Save what is needed',
    saved: 'Saved: the fridge page shows it now.',
    noteTooLong: (max: number) => `The note is longer than ${max} characters. Nothing was saved.`,
    category: {
      produce: 'Fruit and vegetables',
      dairy: 'Dairy',
      bread: 'Bread',
      cookedMeals: 'Cooked meals',
      dryGoods: 'Dry goods',
      drinks: 'Drinks',
      hygiene: 'Hygiene products',
      babyFood: 'Baby food',
    },
  },
  preferences: {
    title: 'Your notices',
    hello: (name: string, fridges: string | null) =>
      `Hello ${name}.${fridges === null ? '' : ` You look after ${fridges}.`}`,
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedText: 'No notices reach you. You can come back at any time.',
    subscribeAgain: 'Subscribe again',
    category: {
      restock: 'Restock requests: a fridge you look after runs low',
      foodSafety: 'Food safety: a fridge is too warm (these reach you even in quiet hours)',
      deviceHealth: 'Device health: a sensor is offline or its battery is low',
    },
    quietHours: 'Quiet hours (only food-safety alerts get through; the rest waits until they end):',
    from: 'from',
    to: 'to',
    noQuietHours: 'Leave both empty for none.',
    language: 'Language of your notices and these pages',
    save: 'Save',
    unsubscribeAll: 'Unsubscribe from everything',
    needsLinks: 'Update what a fridge needs neighbours to bring:',
    welcomeBack: 'Welcome back: notices reach you again.',
    badQuietHours: 'Quiet hours need both times (HH:MM), or neither. Nothing was saved.',
    badLanguage: (code: string) => `Language: "${code}" is not one this site speaks. Nothing was saved.`,
    saved: 'Saved.',
    unsubscribeTitle: 'Unsubscribe?',
    unsubscribeText: (name: string) => `${name}, no more notices of any kind will reach you.`,
    unsubscribe: 'Unsubscribe',
    unsubscribed: 'Done: you will get no more notices.',
  },
  /** A volunteer's link that cannot be followed; the titles and "nothing changed" are `refusal`'s. */
  refusal: {
    expiredText: 'The next notice brings a fresh one; an organiser can also send you a new link.',
  },
};
