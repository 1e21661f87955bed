import Supercluster from 'supercluster';
import { hasFood, type MapPoint } from './marker-elements';

/**
 * How close (in CSS pixels at the current zoom) two fridges may be before they are shown as one
 * group: about the width of a marker ("● A few items" is 90–110 px at 0.8rem), so labels that would
 * cover each other are grouped and the ones that would not stay apart. Leaflet.markercluster's
 * default is 80 px for round icons.
 */
export const GROUP_RADIUS_PX = 80;
/** Above this zoom (street level) every fridge shows on its own. */
export const LAST_GROUPED_ZOOM = 16;

interface Props {
  index: number;
  food: number;
}
interface GroupProps {
  food: number;
}

/** A fridge, or a group of fridges too close to show apart at this zoom. */
export type MapItem =
  | { kind: 'fridge'; key: string; lat: number; lon: number; index: number }
  | { kind: 'group'; key: string; lat: number; lon: number; id: number; fridges: number; withFood: number };

/**
 * The fridges grouped where their markers would overlap at each zoom (supercluster: a k-d tree per
 * zoom, built once per set of places). Counts of fridges with food are summed per group, so a live
 * level change only reloads the counts (`recount`): the same places give the same groups and keys.
 */
export class OverlapGroups {
  private readonly index = new Supercluster<Props, GroupProps>({
    radius: GROUP_RADIUS_PX,
    // Tile pixels = Leaflet's CSS pixels at 256-pixel tiles, so the radius is in screen pixels.
    extent: 256,
    maxZoom: LAST_GROUPED_ZOOM,
    map: (props) => ({ food: props.food }),
    reduce: (sum, props) => {
      sum.food += props.food;
    },
  });

  constructor(points: readonly MapPoint[]) {
    this.recount(points);
  }

  /** The same places (in the same order) with new levels: the groups stay, their counts follow. */
  recount(points: readonly MapPoint[]): void {
    this.index.load(
      points.map((point, index) => ({
        type: 'Feature' as const,
        properties: { index, food: hasFood(point.level) ? 1 : 0 },
        geometry: { type: 'Point' as const, coordinates: [point.lon, point.lat] },
      })),
    );
  }

  /** What to show inside [west, south, east, north] at `zoom`, north to south. */
  within(bbox: [number, number, number, number], zoom: number): MapItem[] {
    const items = this.index.getClusters(bbox, Math.floor(zoom)).map((feature): MapItem => {
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      const props = feature.properties;
      if ('cluster' in props && props.cluster)
        return {
          kind: 'group',
          key: `g${props.cluster_id}`,
          lat,
          lon,
          id: props.cluster_id,
          fridges: props.point_count,
          withFood: props.food,
        };
      const { index } = props as Props;
      return { kind: 'fridge', key: `f${index}`, lat, lon, index };
    });
    // Southern labels paint over northern ones and Tab goes down the map; ties by key, so the
    // order of the elements a rebuild keeps never changes.
    return items.sort((a, b) => b.lat - a.lat || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The zoom at which a group splits, and the keys of what it splits into. */
  expand(id: number): { zoom: number; keys: Set<string> } {
    const keys = new Set(
      this.index.getChildren(id).map((child) => {
        const props = child.properties;
        return 'cluster' in props && props.cluster ? `g${props.cluster_id}` : `f${(props as Props).index}`;
      }),
    );
    return { zoom: this.index.getClusterExpansionZoom(id), keys };
  }
}
