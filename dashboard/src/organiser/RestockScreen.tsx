import { useState } from 'preact/hooks';
import type { RestockRequestView, VolunteerView } from '../../../contract/restock';
import { Ago } from '../components/Readings';
import { RestockStatus } from '../components/RestockStatus';
import { sortedFridges } from '../dashboard-state';
import { errorText } from '../error-text';
import { levelWords } from '../format';
import { reasonWords, requestStatusWords, requestsForVolunteers } from '../restock-format';
import { organiseHref } from '../routes';
import { ConfirmButton } from './form-controls';
import { type Loaded, LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';
import { ETA_CHOICES } from './restock-admin';

const CIRCLE_WORDS: Record<RestockRequestView['circle'], string> = {
  fridge: 'its own volunteers',
  area: 'every volunteer of its area',
  organisers: 'the organisers too',
};

/**
 * Active restock requests with the claimers' names, and what organisers do to them: claim for a
 * volunteer who phoned in, take a claim back, cancel. Reloaded on every restock event of the stream.
 */
export function RestockScreen({ context }: { context: OrganiserContext }) {
  const { state } = context.live;
  // The public list changes on every `restock` event: a cheap signal to read the named one again.
  const signal = state.restock.requests.map((r) => `${r.id}:${r.status}:${r.claim?.eta ?? ''}`).join(',');
  const { loaded: requests, reload } = useLoad(() => context.api.activeRequests(), signal);
  const { loaded: volunteers } = useLoad(() => context.api.volunteers(), 'volunteers');

  return (
    <>
      <h1 tabIndex={-1}>Restock requests</h1>
      <p class="summary">
        Requests close by themselves when the scales see food arrive. Volunteers claim with the link in their
        notice; claim here for someone who phoned instead.
      </p>
      <LoadState loaded={requests} what="the restock requests" />
      {requests.status === 'ok' && requests.value.length === 0 && (
        <p class="placeholder" data-testid="organise-no-requests">
          No fridge is asking for food right now.
        </p>
      )}
      {requests.status === 'ok' && requests.value.length > 0 && (
        <ul class="items" data-testid="organise-request-list">
          {requestsForVolunteers(requests.value).map((request) => (
            <RequestItem
              key={request.id}
              context={context}
              request={request}
              volunteers={volunteers}
              onChange={reload}
            />
          ))}
        </ul>
      )}
      <RaiseForm context={context} onRaised={reload} />
    </>
  );
}

function RequestItem({
  context,
  request,
  volunteers,
  onChange,
}: {
  context: OrganiserContext;
  request: RestockRequestView;
  volunteers: Loaded<VolunteerView[]>;
  onChange: () => void;
}) {
  const fridge = context.live.state.fridges[request.fridgeId];
  const name = fridge?.name ?? request.fridgeName ?? request.fridgeId;
  const act = async (action: () => Promise<unknown>) => {
    await action();
    onChange();
  };
  return (
    <li class="item" data-testid={`organise-request-${request.fridgeId}`} data-status={request.status}>
      <h2 class="item-title">
        <a href={organiseHref({ name: 'fridge', fridgeId: request.fridgeId })}>{name}</a>
      </h2>
      <p>
        <strong>{requestStatusWords(request.status)}</strong>
        {request.claim?.name != null && <> — {request.claim.name}</>}
      </p>
      <RestockStatus request={request} />
      <dl class="facts facts-compact">
        <div>
          <dt>Asked</dt>
          <dd>
            <Ago at={request.openedAt} />
          </dd>
        </div>
        <div>
          <dt>Why</dt>
          <dd>{reasonWords(request.reason)}</dd>
        </div>
        <div>
          <dt>Stock now</dt>
          <dd>{levelWords(fridge?.stock.level ?? null)}</dd>
        </div>
        <div>
          <dt>Told so far</dt>
          <dd>{CIRCLE_WORDS[request.circle]}</dd>
        </div>
      </dl>
      {request.status === 'open' && (
        <ClaimForm context={context} request={request} volunteers={volunteers} onClaimed={onChange} />
      )}
      <div class="actions">
        {request.status === 'claimed' && (
          <ConfirmButton
            label="Release the claim…"
            question={`Take the claim back from ${request.claim?.name ?? 'the volunteer'}?`}
            detail="The request opens again and the volunteers asked so far hear about it."
            confirmLabel="Yes, release it"
            cancelLabel="No, leave it claimed"
            danger={false}
            onConfirm={() => act(() => context.api.releaseRequest(request.id))}
            testId={`release-${request.fridgeId}`}
          />
        )}
        <ConfirmButton
          label="Cancel the request…"
          question={`Cancel the restock request for ${name}?`}
          detail="Volunteers stop being asked, and low stock opens no new request for 6 hours."
          confirmLabel={`Yes, cancel it for ${name}`}
          cancelLabel="No, keep asking"
          onConfirm={() => act(() => context.api.cancelRequest(request.id))}
          testId={`cancel-${request.fridgeId}`}
        />
      </div>
    </li>
  );
}

function ClaimForm({
  context,
  request,
  volunteers,
  onClaimed,
}: {
  context: OrganiserContext;
  request: RestockRequestView;
  volunteers: Loaded<VolunteerView[]>;
  onClaimed: () => void;
}) {
  const [volunteerId, setVolunteerId] = useState('');
  const [eta, setEta] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `claim-${request.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (volunteerId === '') {
      setProblem('Choose who is going.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await context.api.claimRequest(request.id, volunteerId, eta === '' ? undefined : Number(eta));
      onClaimed();
    } catch (error) {
      setProblem(`The server refused: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };
  if (volunteers.status !== 'ok') return <LoadState loaded={volunteers} what="the volunteers" />;
  if (volunteers.value.length === 0) {
    return (
      <p class="muted">
        <a href={organiseHref({ name: 'addVolunteer' })}>Add a volunteer</a> to claim requests for them.
      </p>
    );
  }
  // The fridge's own volunteers first: they are the likeliest to go.
  const own = volunteers.value.filter((v) => v.fridgeIds.includes(request.fridgeId));
  const others = volunteers.value.filter((v) => !v.fridgeIds.includes(request.fridgeId));
  return (
    <form class="form form-inline" onSubmit={(event) => void submit(event)} noValidate>
      <div class="field">
        <label for={`${base}-volunteer`}>Claim for</label>
        <select
          id={`${base}-volunteer`}
          value={volunteerId}
          onChange={(event) => setVolunteerId(event.currentTarget.value)}
          aria-invalid={problem !== null && volunteerId === '' ? 'true' : undefined}
          aria-describedby={problem !== null ? `${base}-problem` : undefined}
          data-testid={`claim-volunteer-${request.fridgeId}`}
        >
          <option value="">Choose a volunteer…</option>
          {own.length > 0 && (
            <optgroup label="Looks after this fridge">
              {own.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={own.length > 0 ? 'Others' : 'Volunteers'}>
            {others.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div class="field">
        <label for={`${base}-eta`}>Arriving</label>
        <select id={`${base}-eta`} value={eta} onChange={(event) => setEta(event.currentTarget.value)}>
          <option value="">in 2 h (the usual)</option>
          {ETA_CHOICES.map((choice) => (
            <option key={choice.minutes} value={String(choice.minutes)}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        class="button button-primary"
        disabled={busy}
        data-testid={`claim-${request.fridgeId}`}
      >
        {busy ? 'Claiming…' : 'Claim'}
      </button>
      {problem !== null && (
        <p class="field-error" id={`${base}-problem`} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** Raise a request by hand, for a fridge the scales do not see as low (or that has none). */
function RaiseForm({ context, onRaised }: { context: OrganiserContext; onRaised: () => void }) {
  const fridges = sortedFridges(context.live.state.fridges).filter(
    (f) => context.restockByFridge[f.id] === undefined,
  );
  const [fridgeId, setFridgeId] = useState('');
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  if (fridges.length === 0) return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (fridgeId === '') {
      setMessage({ text: 'Choose a fridge.', failed: true });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const request = await context.api.raiseRequest(fridgeId);
      setMessage({ text: `Asked for food for ${request.fridgeName ?? request.fridgeId}.`, failed: false });
      setFridgeId('');
      onRaised();
    } catch (error) {
      setMessage({ text: `The server refused: ${errorText(error)}`, failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="raise-heading">
      <h2 id="raise-heading">Ask for food by hand</h2>
      <form class="form form-inline" onSubmit={(event) => void submit(event)} noValidate>
        <div class="field">
          <label for="raise-fridge">Fridge</label>
          <select
            id="raise-fridge"
            value={fridgeId}
            onChange={(event) => setFridgeId(event.currentTarget.value)}
          >
            <option value="">Choose…</option>
            {fridges.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button" disabled={busy} data-testid="raise-request-by-hand">
          {busy ? 'Asking…' : 'Ask volunteers'}
        </button>
      </form>
      {message !== null && (
        <p
          class={message.failed ? 'field-error' : 'status-message'}
          role={message.failed ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
