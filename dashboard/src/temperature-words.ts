import type { FridgeStatus, TemperatureReason } from '../../contract/api';
import { durationWords, oneDecimal, shortTime } from './format';
import { activePreferences, msg } from './locale';

/**
 * The plain-words temperature status in the reader's language and unit, from the server's reason
 * code and figures (contract/api.ts `TemperatureReason`). The server's own English sentence
 * (`text`, in °C) serves only when no reason came: a status saved before reasons existed.
 */

/** A limit or a reading named in a sentence: "5 °C", "41 °F", "-2.5 °C" (no ".0" on whole figures). */
export function formatTemperatureFigure(celsius: number): string {
  const fahrenheit = activePreferences().temperature === 'fahrenheit';
  const text = oneDecimal(fahrenheit ? (celsius * 9) / 5 + 32 : celsius);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text} ${fahrenheit ? '°F' : '°C'}`;
}

function adviceWords(reason: TemperatureReason): string {
  const advice = msg().temperatureStatus.advice;
  if (reason.freezer) return reason.critical ? advice.freezerCritical : advice.freezerWarning;
  return reason.critical ? advice.fridgeCritical : advice.fridgeWarning;
}

/** The sentence for any reason, "Cold enough" included; `since` is when the status began. */
export function reasonWords(reason: TemperatureReason, since: string | null, nowMs: number): string {
  const words = msg().temperatureStatus;
  const sinceMs = since === null ? Number.NaN : Date.parse(since);
  const sinceTime = since === null ? '?' : shortTime(since);
  switch (reason.code) {
    case 'sensorOffline':
      return words.sensorOffline(sinceTime);
    case 'probeOffline':
      return words.probeOffline(sinceTime);
    case 'noReading':
      return words.noReading;
    case 'tooWarm': {
      const endMs = reason.endedAt === null ? nowMs : Date.parse(reason.endedAt);
      const lastedMs = endMs - sinceMs;
      const lasted = durationWords(Number.isFinite(lastedMs) ? lastedMs : 0);
      const sentence = (reason.steadyRise ? words.tooWarmRising : words.tooWarm)(lasted, adviceWords(reason));
      return reason.endedAt === null ? sentence : words.coldAgain(sentence);
    }
    case 'tooCold':
      return words.tooCold(reason.celsius === null ? null : formatTemperatureFigure(reason.celsius));
    case 'warmForNow':
      return words.warmForNow(formatTemperatureFigure(reason.celsius ?? 0));
    case 'cold':
      return words.cold;
    case 'frozen':
      return words.frozen;
  }
}

/**
 * The status in words for the card; nothing to say when all is well or nobody judges it.
 * `nowMs` measures how long a warm spell has lasted.
 */
export function temperatureStatusWords(
  temperature: FridgeStatus['temperature'],
  nowMs: number,
): string | null {
  if (temperature.status === 'ok') return null;
  if (temperature.reason === undefined || temperature.reason === null) return temperature.text;
  return reasonWords(temperature.reason, temperature.since, nowMs);
}
