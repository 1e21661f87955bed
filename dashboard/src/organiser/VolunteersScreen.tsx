import { useState } from 'preact/hooks';
import type { VolunteerView } from '../../../contract/restock';
import { languageName } from '../../i18n/languages';
import { errorText } from '../error-text';
import { organiseHref } from '../routes';
import { ConfirmButton } from './form-controls';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';
import { channelWords, noticeWords, quietHoursWords } from './volunteer-form';

/** Everyone who receives notices: how to reach them, which fridges, when not to disturb them. */
export function VolunteersScreen({ context }: { context: OrganiserContext }) {
  const { loaded, reload } = useLoad(() => context.api.volunteers(), 'volunteers');
  return (
    <>
      <h1 tabIndex={-1}>Volunteers</h1>
      <p class="summary">
        They hear about restock requests of the fridges they look after first, then the rest of their area,
        then the organisers.
      </p>
      <p>
        <a
          class="button button-primary"
          href={organiseHref({ name: 'addVolunteer' })}
          data-testid="add-volunteer-link"
        >
          Add a volunteer
        </a>
      </p>
      <LoadState loaded={loaded} what="the volunteers" />
      {loaded.status === 'ok' && loaded.value.length === 0 && (
        <p class="placeholder" data-testid="no-volunteers">
          No volunteers yet.
        </p>
      )}
      {loaded.status === 'ok' && loaded.value.length > 0 && (
        <ul class="items" data-testid="volunteer-list">
          {[...loaded.value]
            .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
            .map((volunteer) => (
              <VolunteerItem key={volunteer.id} context={context} volunteer={volunteer} onRemoved={reload} />
            ))}
        </ul>
      )}
    </>
  );
}

function VolunteerItem({
  context,
  volunteer,
  onRemoved,
}: {
  context: OrganiserContext;
  volunteer: VolunteerView;
  onRemoved: () => void;
}) {
  const { fridges } = context.live.state;
  const [test, setTest] = useState<{ busy: boolean; noticeId: string | null; failure: string | null }>({
    busy: false,
    noticeId: null,
    failure: null,
  });
  const sendTest = async () => {
    setTest({ busy: true, noticeId: null, failure: null });
    try {
      const { noticeId } = await context.api.sendTestNotice(volunteer.id);
      setTest({ busy: false, noticeId, failure: null });
    } catch (error) {
      setTest({ busy: false, noticeId: null, failure: errorText(error) });
    }
  };
  const fridgeNames = volunteer.fridgeIds.map((id) => fridges[id]?.name ?? id);
  const quiet = quietHoursWords(volunteer.quietHours);
  return (
    <li class="item" data-testid={`volunteer-${volunteer.id}`}>
      <h2 class="item-title">
        <a href={organiseHref({ name: 'volunteer', volunteerId: volunteer.id })}>{volunteer.name}</a>
      </h2>
      <p class="badges">
        {volunteer.role === 'organiser' && <span class="badge">Organiser</span>}
        {volunteer.unsubscribed && <span class="badge badge-offline">Unsubscribed</span>}
      </p>
      <dl class="facts facts-compact">
        <div>
          <dt>Reached by</dt>
          <dd>{channelWords(volunteer.channels)}</dd>
        </div>
        <div>
          <dt>Looks after</dt>
          <dd>{fridgeNames.length === 0 ? 'no fridge in particular' : fridgeNames.join(', ')}</dd>
        </div>
        <div>
          <dt>Notices</dt>
          <dd>
            {noticeWords(volunteer.notices, volunteer.unsubscribed)}
            {quiet !== null && <> · {quiet}</>} ·{' '}
            <span lang={volunteer.language}>{languageName(volunteer.language)}</span>
          </dd>
        </div>
      </dl>
      <div class="actions">
        <button
          type="button"
          class="button"
          disabled={test.busy || volunteer.channels.length === 0}
          onClick={() => void sendTest()}
          data-testid={`test-notice-${volunteer.id}`}
        >
          {test.busy ? 'Sending…' : 'Send a test notice'}
        </button>
        <a href={organiseHref({ name: 'volunteer', volunteerId: volunteer.id })}>Edit</a>
        <ConfirmButton
          label="Remove…"
          question={`Remove ${volunteer.name}?`}
          detail="They receive no more notices. A claim they hold stays until it runs out."
          confirmLabel={`Yes, remove ${volunteer.name}`}
          onConfirm={async () => {
            await context.api.deleteVolunteer(volunteer.id);
            context.flash(`Removed ${volunteer.name}.`);
            onRemoved();
          }}
          testId={`remove-volunteer-${volunteer.id}`}
        />
      </div>
      <p class="status-message" role="status">
        {test.noticeId !== null && (
          <>
            Test notice queued.{' '}
            <a href={organiseHref({ name: 'notice', noticeId: test.noticeId })}>See whether it arrived</a>
          </>
        )}
      </p>
      {test.failure !== null && (
        <p class="field-error" role="alert">
          Could not send a test notice: {test.failure}
        </p>
      )}
    </li>
  );
}
