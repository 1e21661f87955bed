import type { StockLevel } from '../../../contract/api';

/** One fridge on the map: where, and what it says (in words, with an icon; the colour only repeats them). */
export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lon: number;
  level: StockLevel | null;
  levelWords: string;
  href: string;
}

/** The words of a group of fridges too close to show apart: "24 fridges, 18 with food". */
export type GroupWords = (fridges: number, withFood: number) => string;

/** A shape per level, so a marker reads without colour: empty ring, quarter, half, full disc. */
export const LEVEL_ICONS: Record<StockLevel | 'unknown', string> = {
  empty: '○',
  few: '◔',
  many: '◑',
  full: '●',
  unknown: '?',
};

/** A fridge "has food" at any level above empty; one with no reading yet is not counted. */
export const hasFood = (level: StockLevel | null): boolean =>
  level === 'few' || level === 'many' || level === 'full';

/**
 * A group's icon and border by the share of its fridges with food, with the single markers' shapes:
 * none ○, under half ◔, half or more ◑, all ●. The words say the counts; the shape repeats them.
 */
export function groupLevel(fridges: number, withFood: number): StockLevel {
  if (withFood === 0) return 'empty';
  if (withFood === fridges) return 'full';
  return 2 * withFood < fridges ? 'few' : 'many';
}

/** What one element on the map says: a fridge (level in words) or a group (counts in words). */
export interface MarkerLabel {
  /** `map-marker map-marker-full`, or with `map-cluster` for a group. */
  className: string;
  /** Icon and words, in one text node: `● Full`, `◑ 24 fridges, 18 with food`. */
  text: string;
  /** The button's name: "Elm St fridge: Full", "24 fridges, 18 with food". */
  name: string;
  /** How many fridges the element stands for (1 for a fridge), for tests and the render bench. */
  fridges: number;
}

export function fridgeLabel(point: MapPoint): MarkerLabel {
  const level = point.level ?? 'unknown';
  return {
    className: `map-marker map-marker-${level}`,
    text: `${LEVEL_ICONS[level]} ${point.levelWords}`,
    name: `${point.name}: ${point.levelWords}`,
    fridges: 1,
  };
}

export function groupLabel(fridges: number, withFood: number, words: GroupWords): MarkerLabel {
  const level = groupLevel(fridges, withFood);
  const name = words(fridges, withFood);
  return {
    className: `map-marker map-cluster map-marker-${level}`,
    text: `${LEVEL_ICONS[level]} ${name}`,
    name,
    fridges,
  };
}

/**
 * A focusable button with its icon and words as one text node (the `aria-label` names it, so the
 * icon is not read out): one element per marker, no per-marker style but its place.
 */
export function markerElement(key: string, label: MarkerLabel): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute('role', 'button');
  element.tabIndex = 0;
  element.dataset.key = key;
  writeLabel(element, label);
  return element;
}

/** Rewrites an element's words in place (a live level change): the element, its place and focus stay. */
export function writeLabel(element: HTMLElement, label: MarkerLabel): void {
  element.className = label.className;
  element.textContent = label.text;
  element.title = label.name;
  element.setAttribute('aria-label', label.name);
  element.dataset.fridges = String(label.fridges);
}

export function popupContent(point: MapPoint): HTMLElement {
  const content = document.createElement('div');
  const link = document.createElement('a');
  link.href = point.href;
  link.textContent = point.name;
  content.append(link, document.createElement('br'), point.levelWords);
  return content;
}
