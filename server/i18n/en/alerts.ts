/**
 * Food-safety and device-health alerts as a volunteer reads them: the notice (title, paragraphs,
 * button) and the acknowledge page behind it. Figures come formatted: `celsius` as "6.6 °C" in the
 * site's unit, times as "09:00" in the site's zone, durations as "2 h 10 min". The English words
 * are also the API's `summary` and the organisers' delivery log.
 */
export const alerts = {
  unit: { fridge: 'fridge', freezer: 'freezer' },
  summary: {
    tooWarm: (
      fridge: string,
      unit: string,
      critical: boolean,
      lasted: string,
      celsius: string | null,
      steadyRise: boolean,
    ) =>
      `${fridge}: ${unit} ${critical ? 'unsafe' : 'too warm'} for ${lasted}${celsius === null ? '' : ` (${celsius})`}${
        steadyRise ? ', rising steadily with the door closed: a power cut or a failed compressor?' : ''
      }`,
    tooCold: (fridge: string, celsius: string | null) =>
      `${fridge}: too cold${celsius === null ? '' : ` (${celsius})`}, food may freeze`,
    doorAjar: (fridge: string, lasted: string) => `${fridge}: door open for ${lasted}`,
    doorSwitchFaulty: (fridge: string, lasted: string) =>
      `${fridge}: door switch may be faulty (open ${lasted} and no shelf moved)`,
    deviceSilent: (fridge: string, devices: string, offline: boolean, lasted: string) =>
      `${fridge}: sensor ${devices} ${offline ? 'went offline' : 'is silent'} for ${lasted}`,
    probeSilent: (fridge: string, lasted: string) =>
      `${fridge}: no temperature for ${lasted}; the probe may be unplugged`,
    lowBattery: (fridge: string, percent: number, devices: string) =>
      `${fridge}: battery low (${percent} %) on ${devices}`,
    /** `reason` is one of `faultReasons` below, already worded. */
    shelf: (shelfId: string, reason: string) => `shelf ${shelfId} (${reason})`,
    sensorFault: (fridge: string, shelves: string) => `${fridge}: load cell fault on ${shelves}`,
  },
  /**
   * Why the estimator doubts a shelf's load cell (the API's `doubtReason` codes, contract/api.ts), as
   * the dashboard words them (dashboard/i18n/en.ts `doubtReasons`); `unknown` for a code without words.
   */
  faultReasons: {
    stuck: 'stuck',
    'out-of-range': 'reading out of range',
    jumping: 'readings jumping',
    'changed-while-shut': 'weight changed with the door shut',
    unknown: 'not trusted',
  },
  /** What a neighbour at a warm unit is told to do, by how bad it is. */
  warmAdvice: {
    fridge: (critical: boolean): string =>
      critical
        ? 'do not take meat, dairy, cooked food or other perishables'
        : 'take no meat, dairy or cooked food',
    freezer: (critical: boolean): string =>
      critical
        ? 'food may have thawed: take no meat, fish or ready meals'
        : 'food may be starting to thaw: take only what you will cook today',
  },
  /** What the alert means for someone at the fridge, and what a volunteer should do. */
  advice: {
    tooWarm: (neighbours: string) =>
      `Neighbours are told to ${neighbours}. Check the plug and the thermostat; move perishables to a working fridge.`,
    tooCold: 'Turn the thermostat up a step; check for frozen milk, eggs and salad.',
    doorAjar: 'Someone nearby should close the door; the fridge warms while it stands open.',
    doorSwitchFaulty:
      'Nobody has touched the shelves while the door reads open: check the door switch and its magnet.',
    deviceSilent: 'The figures on the public page are old until it reports again. Check its power and Wi-Fi.',
    probeSilent:
      'The device still reports, but its temperature probe does not: check the probe and its cable.',
    lowBattery: 'Replace or charge the battery before the sensor goes silent.',
    sensorFault:
      'The stock figure ignores this shelf until it reads sensibly again. Check its load cell and wiring.',
  },
  notice: {
    since: (time: string) => `Since ${time}.`,
    nowCritical: (time: string) => `It is now critical (since ${time}).`,
    widened: (time: string, waited: string) =>
      `Since ${time}. Nobody has acknowledged it for ${waited}, so more volunteers are asked.`,
    still: (summary: string) => `Still: ${summary}`,
    dailyReminder: 'A daily reminder until someone acknowledges it.',
    reminder: 'Nobody has acknowledged it yet; it is sent again until someone does.',
    resolvedTitle: (summary: string) => `Resolved: ${summary}`,
    lasted: (lasted: string, from: string, to: string, peak: string | null) =>
      `It lasted ${lasted}, from ${from} to ${to}${peak === null ? '' : `; the peak was ${peak}`}.`,
    actionNoted: (note: string) => `Action noted: ${note}`,
    address: (address: string) => `Address: ${address}`,
    acknowledge: "I'm on it",
  },
  /** The page behind the notice's button. */
  ackPage: {
    resolvedTitle: 'Already resolved',
    resolvedByItself: (summary: string) => `${summary}: it resolved by itself.`,
    onItTitle: 'Someone is on it',
    acknowledgedIt: (who: string | null) => `${who ?? 'Someone'} acknowledged it.`,
    explainHtml: (nameHtml: string) =>
      `Acknowledging tells the others that you, ${nameHtml}, take care of it; re-sends stop.`,
    noteLabel: 'What did you do? (kept in the temperature log)',
    button: "I'm on it",
    thanksTitle: 'Thank you',
    acknowledgedBy: (name: string) => `Acknowledged by ${name}.`,
    nothingToAcknowledge: 'Nothing to acknowledge here',
  },
};
