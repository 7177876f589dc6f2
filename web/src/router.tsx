import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** History routing below /ui/ (the server answers index.html for every deep link). */
export const BASE = '/ui';

export interface Location {
  /** The path below /ui, starting with '/'. */
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  const path = window.location.pathname.startsWith(BASE)
    ? window.location.pathname.slice(BASE.length) || '/'
    : '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

const EVENT = 'watcher:navigate';

/** Goes to an app path ('/pipelines/7?x=1'), adding a history entry unless `replace`. */
export function navigate(to: string, replace = false): void {
  const url = BASE + to;
  if (replace) {
    window.history.replaceState(null, '', url);
  } else {
    window.history.pushState(null, '', url);
  }
  window.dispatchEvent(new Event(EVENT));
}

/** Replaces the query of the current path (filters live in the URL, so views can be linked). */
export function setQuery(values: Record<string, string | number | null | undefined>): void {
  const { path, query } = current();
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') {
      query.delete(key);
    } else {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  navigate(text ? `${path}?${text}` : path, true);
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return location;
}

interface LinkProps {
  to: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page' | 'true';
}

/** An ordinary link (opens in a new tab with a modifier) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={BASE + to} onClick={onClick}>
      {children}
    </a>
  );
}
