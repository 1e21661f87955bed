import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../error-text';
import type { OrganiserAppProps } from '../organiser/OrganiserApp';

type OrganiserModule = typeof import('../organiser/OrganiserApp');

let loading: Promise<OrganiserModule> | null = null;

/**
 * The organiser screens are a separate chunk (forms, QR codes), fetched only when someone opens
 * `/organise`, so neighbours' phones never download them.
 */
function loadOrganiserModule(): Promise<OrganiserModule> {
  if (loading === null) {
    loading = import('../organiser/OrganiserApp').catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

export function OrganiserLoader(props: OrganiserAppProps) {
  const [loaded, setLoaded] = useState<OrganiserModule | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    loadOrganiserModule().then(
      (module) => {
        if (active) setLoaded(module);
      },
      (error: unknown) => {
        if (active) setFailure(errorText(error));
      },
    );
    return () => {
      active = false;
    };
  }, []);

  if (loaded !== null) return <loaded.OrganiserApp {...props} />;
  return (
    <main id="main" class="page" data-testid="organise-loading">
      <h1 tabIndex={-1}>Organisers</h1>
      {failure === null ? (
        <p class="placeholder">Loading the organiser screens…</p>
      ) : (
        <p class="banner banner-error" role="alert">
          Could not load the organiser screens ({failure}). Check the connection and reload the page.
        </p>
      )}
    </main>
  );
}
