import { useEffect, useState } from 'preact/hooks';
import type { NetworkSummary, SummaryFigures } from '../../../contract/history';
import { type DashboardApi, NETWORK_SUMMARY_CSV_PATH } from '../api';
import { errorText } from '../error-text';
import { summaryKgWords } from '../estimate-format';
import { oneDecimal } from '../format';
import { bandWords } from '../history-format';
import { intlLocale, msg } from '../locale';
import { fridgeHref } from '../routes';

/** The words live in the language files (dashboard/i18n, `network`). */
const hoursText = (hours: number): string => `${Number.isInteger(hours) ? hours : oneDecimal(hours)} h`;

/**
 * The default fridge profile's band, for the intro's example only: each unit's figures count
 * against its own band (the server's `safeBandOf`: profile and an organiser's overrides). 5 °C is
 * the FDA Food Code 2022 3-501.16(A)(2) cold-holding limit (docs/alerts.md).
 */
const DEFAULT_FRIDGE_BAND = { lowC: 0, highC: 5 };

/** A fridge with no row in a month: nothing recorded. */
const NOTHING: SummaryFigures = { kgShared: 0, visits: 0, restocks: 0, hoursOutOfSafeTemperature: 0 };

const monthName = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat(intlLocale(), { month: 'long', year: 'numeric', timeZone }).format(Date.parse(iso));

function Figures({ figures }: { figures: SummaryFigures }) {
  return (
    <>
      <td data-testid="kg-shared">{summaryKgWords(figures)}</td>
      <td data-testid="visits">{figures.visits}</td>
      <td data-testid="restocks">{figures.restocks}</td>
      <td data-testid="hours-out">{hoursText(figures.hoursOutOfSafeTemperature)}</td>
    </>
  );
}

const Head = ({ first }: { first: string }) => (
  <thead>
    <tr>
      <th scope="col">{first}</th>
      {msg().network.columns.map((c) => (
        <th key={c} scope="col">
          {c}
        </th>
      ))}
    </tr>
  </thead>
);

/**
 * The network's monthly figures (`GET /api/network/summary?step=month`): this month per fridge and
 * in total, then the last twelve months in total, and the same figures as CSV.
 */
export function NetworkPage({ api }: { api: Pick<DashboardApi, 'networkSummary'> }) {
  const [summary, setSummary] = useState<NetworkSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    api.networkSummary().then(
      (answer) => {
        if (active) setSummary(answer);
      },
      (failure: unknown) => {
        if (active) setError(errorText(failure));
      },
    );
    return () => {
      active = false;
    };
  }, [api]);

  const current = summary?.periods.at(-1);
  const words = msg().network;
  return (
    <main id="main" class="page page-network" data-testid="network-page">
      <h1 tabIndex={-1}>{words.heading}</h1>
      <p class="muted">{words.intro(bandWords(DEFAULT_FRIDGE_BAND))}</p>
      {error !== null && (
        <p class="banner banner-error" role="alert" data-testid="network-error">
          {words.failed(error)}
        </p>
      )}
      {summary === null && error === null && <p class="placeholder">{words.loading}</p>}
      {summary !== null && current !== undefined && (
        <section class="panel" aria-labelledby="month-heading">
          <h2 id="month-heading">{words.thisMonth(monthName(current.start, summary.timeZone))}</h2>
          <table class="figures-table" data-testid="month-table">
            <Head first={words.fridge} />
            <tbody>
              {Object.entries(summary.fridges).map(([id, fridge]) => (
                <tr key={id} data-testid={`month-fridge-${id}`}>
                  <th scope="row">
                    <a href={fridgeHref(id)}>{fridge.name}</a>
                  </th>
                  <Figures figures={current.fridges[id] ?? NOTHING} />
                </tr>
              ))}
              <tr data-testid="month-total">
                <th scope="row">{words.total}</th>
                <Figures figures={current.total} />
              </tr>
            </tbody>
          </table>
        </section>
      )}
      {summary !== null && (
        <section class="panel" aria-labelledby="months-heading">
          <h2 id="months-heading">{words.byMonth}</h2>
          <table class="figures-table" data-testid="months-table">
            <Head first={words.month} />
            <tbody>
              {summary.periods.map((period) => (
                <tr key={period.start} data-testid={`period-${period.start.slice(0, 7)}`}>
                  <th scope="row">{monthName(period.start, summary.timeZone)}</th>
                  <Figures figures={period.total} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p>
        <a href={NETWORK_SUMMARY_CSV_PATH} download data-testid="network-csv">
          {words.csv}
        </a>
      </p>
    </main>
  );
}
