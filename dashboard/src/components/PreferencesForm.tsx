import { LANGUAGES, languageName } from '../../i18n/languages';
import type { TemperatureUnit, WeightUnit } from '../locale';
import { msg } from '../locale';
import { usePreferences } from '../preferences';

/** Language and units, remembered in this browser; three native selects, usable by keyboard. */
export function PreferencesForm() {
  const { preferences, choose } = usePreferences();
  const t = msg().site;
  return (
    <fieldset class="preferences" data-testid="preferences">
      <legend class="visually-hidden">{t.settings}</legend>
      <label>
        {t.language}{' '}
        <select
          data-testid="language-select"
          value={preferences.language}
          onChange={(event) => choose({ language: event.currentTarget.value })}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {languageName(code)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.temperatureUnit}{' '}
        <select
          data-testid="temperature-unit-select"
          value={preferences.temperature}
          onChange={(event) => choose({ temperature: event.currentTarget.value as TemperatureUnit })}
        >
          <option value="celsius">°C</option>
          <option value="fahrenheit">°F</option>
        </select>
      </label>
      <label>
        {t.weightUnit}{' '}
        <select
          data-testid="weight-unit-select"
          value={preferences.weight}
          onChange={(event) => choose({ weight: event.currentTarget.value as WeightUnit })}
        >
          <option value="kg">kg</option>
          <option value="lb">lb</option>
        </select>
      </label>
    </fieldset>
  );
}
