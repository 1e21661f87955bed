import type { VolunteerView } from '../../../contract/restock';
import { LANGUAGES, languageName } from '../../i18n/languages';
import { Field, TextField } from './form-controls';
import type { FieldErrors } from './forms';
import { extraChannelCount, type VolunteerFields, WEBHOOK_FORMATS } from './volunteer-form';

/** What every section of the volunteer form is given: the fields, their setter and their errors. */
export interface VolunteerSectionProps {
  fields: VolunteerFields;
  set: <K extends keyof VolunteerFields>(key: K, value: VolunteerFields[K]) => void;
  errors: FieldErrors;
}

/** Name, id (when adding), role and language. */
export function VolunteerWhoPanel({
  fields,
  set,
  errors,
  isNew,
}: VolunteerSectionProps & { isNew: boolean }) {
  return (
    <div class="panel">
      <TextField
        id="name"
        label="Name"
        hint="Shown to organisers, and in notices to them."
        value={fields.name}
        onValue={(value) => set('name', value)}
        error={errors.name}
        autoComplete="off"
        testId="volunteer-name"
      />
      {isNew && (
        <TextField
          id="id"
          label="Id (optional)"
          hint="Lower-case letters, digits and dashes, at most 40. Leave it empty and the server makes one up."
          value={fields.id}
          onValue={(value) => set('id', value)}
          error={errors.id}
          autoComplete="off"
          autoCapitalize="none"
          spellcheck={false}
          testId="volunteer-id"
        />
      )}
      <fieldset class="choices">
        <legend>Role</legend>
        <label class="choice">
          <input
            type="radio"
            name="role"
            checked={fields.role === 'volunteer'}
            onChange={() => set('role', 'volunteer')}
          />{' '}
          Volunteer
        </label>
        <label class="choice">
          <input
            type="radio"
            name="role"
            checked={fields.role === 'organiser'}
            onChange={() => set('role', 'organiser')}
          />{' '}
          Organiser <span class="muted">— also hears requests nobody else claimed</span>
        </label>
      </fieldset>
      <Field
        id="language"
        label="Language"
        hint="Of their notices and the pages behind their links; they can change it on their preferences page."
        error={errors.language}
      >
        {(described) => (
          <select
            {...described}
            value={fields.language}
            onChange={(event) => set('language', event.currentTarget.value)}
            data-testid="volunteer-language"
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

/** How notices reach them: e-mail, a webhook, and what the API added besides. */
export function VolunteerChannelsPanel({
  fields,
  set,
  errors,
  original,
}: VolunteerSectionProps & { original: VolunteerView | null }) {
  const extraChannels = original === null ? 0 : extraChannelCount(original.channels);
  return (
    <fieldset class="panel" aria-describedby="channels-hint">
      <legend>How to reach them</legend>
      <p class="hint" id="channels-hint">
        An e-mail address, a chat webhook, or both. Without either, notices cannot reach them.
      </p>
      <TextField
        id="email"
        type="email"
        label="E-mail (optional)"
        value={fields.email}
        onValue={(value) => set('email', value)}
        error={errors.email}
        autoComplete="off"
        testId="volunteer-email"
      />
      <TextField
        id="webhookUrl"
        type="url"
        label="Webhook address (optional)"
        hint="The incoming-webhook URL of a Slack, Discord or Matrix room, or any service taking JSON."
        value={fields.webhookUrl}
        onValue={(value) => set('webhookUrl', value)}
        error={errors.webhookUrl}
        autoComplete="off"
        testId="volunteer-webhook"
      />
      <Field id="webhookFormat" label="Webhook format">
        {(described) => (
          <select
            {...described}
            value={fields.webhookFormat}
            onChange={(event) =>
              set('webhookFormat', event.currentTarget.value as VolunteerFields['webhookFormat'])
            }
          >
            {WEBHOOK_FORMATS.map((format) => (
              <option key={format.value} value={format.value}>
                {format.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {extraChannels > 0 && (
        <p class="muted">
          {extraChannels === 1 ? 'One more channel' : `${extraChannels} more channels`} added through the API
          {extraChannels === 1 ? ' is' : ' are'} kept as they are.
        </p>
      )}
    </fieldset>
  );
}
