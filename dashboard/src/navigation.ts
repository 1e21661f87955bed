import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';

export interface PageLocation {
  pathname: string;
  search: string;
  /** Increases with every in-app navigation; 0 on the first page load. */
  navigations: number;
}

/** Whether a click on a link should be handled by the app instead of a full page load. */
function appLinkTarget(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const target = event.target instanceof Element ? event.target.closest('a') : null;
  if (target === null || !target.hasAttribute('href')) return null;
  if (target.target !== '' && target.target !== '_self') return null;
  if (target.hasAttribute('download') || target.origin !== window.location.origin) return null;
  if (target.pathname.startsWith('/api/')) return null;
  // Same page with only a #fragment (the skip link): leave it to the browser.
  if (
    target.pathname === window.location.pathname &&
    target.search === window.location.search &&
    target.hash
  ) {
    return null;
  }
  return target;
}

/** Goes to another page of the app without a reload, as a click on a link would. */
export type Navigate = (href: string) => void;

/** The app's `navigate`, for pages that move on by themselves (after saving a form, say). */
export const NavigateContext = createContext<Navigate>((href) => {
  window.location.assign(href);
});

export function useNavigate(): Navigate {
  return useContext(NavigateContext);
}

/**
 * Client-side routing with the history API: links inside the page push a history entry instead of
 * reloading, Back and Forward re-render. The server answers every page path with index.html.
 */
export function useLocation(): { location: PageLocation; navigate: Navigate } {
  const [location, setLocation] = useState<PageLocation>(() => ({
    pathname: window.location.pathname,
    search: window.location.search,
    navigations: 0,
  }));

  const navigate = useCallback((href: string) => {
    window.history.pushState(null, '', href);
    setLocation((previous) => ({
      pathname: window.location.pathname,
      search: window.location.search,
      navigations: previous.navigations + 1,
    }));
  }, []);

  useEffect(() => {
    const onPopState = (): void =>
      setLocation((previous) => ({
        pathname: window.location.pathname,
        search: window.location.search,
        navigations: previous.navigations + 1,
      }));
    const onClick = (event: MouseEvent): void => {
      const link = appLinkTarget(event);
      if (link === null) return;
      event.preventDefault();
      navigate(link.pathname + link.search + link.hash);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }, [navigate]);

  return { location, navigate };
}
