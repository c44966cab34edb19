/**
 * The territories, painted straight onto a canvas of their own, under the members and the rest
 * of the map (issue 19). As Leaflet polygons, each of a network's 5,000 territories was a layer
 * with its latitude-longitude objects, its projection and its handlers, before anything showed.
 * Here a territory is its rings projected once per zoom into a typed array of pixels; a repaint
 * draws those whose box meets the canvas, and the territory under the pointer is found by the
 * same boxes, then a ray cast on the same arrays (the map has no Leaflet layer to ask).
 *
 * It is a Leaflet canvas renderer with no layers: Leaflet sizes and places its canvas as the
 * map moves, scales it while the map zooms, and asks it to draw (`_draw`) after each move; the
 * renderer's canvas takes no pointer, the canvas above it does (MapView.vue).
 */
import L from 'leaflet';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { crosses } from '../../../../common/ray-casting';

/** What the canvas paints of a territory: a shape in longitude and latitude, or a circle. */
export interface PaintedTerritory {
  id: number;
  color: string;
  geometry: Polygon | MultiPolygon | null;
  center: { lat: number; lon: number } | null;
  radiusKm: number | null;
}

/** A territory as painted at one zoom, in Leaflet's pixels at that zoom. */
interface Projected {
  territory: PaintedTerritory;
  /** x, y pairs, ring after ring; a circle has none. */
  points: Float64Array;
  /** Where each ring starts in `points`, counted in pairs, then one past the last. */
  rings: Int32Array;
  /** A circle's centre and radius, or null. */
  circle: { x: number; y: number; r: number } | null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const TILE = 256;
const DEG = Math.PI / 180;
/** How a territory is painted, and the selected one (MapView.vue draws the edited one alike). */
export const TERRITORY_STYLE = { fillOpacity: 0.18, weight: 1.2 };
export const SELECTED_STYLE = { fillOpacity: 0.35, weight: 3 };
/** Leaflet's (EPSG:3857) limit of latitude. */
const MAX_LATITUDE = 85.0511287798;
/** The Earth's radius Leaflet measures circles with (L.CRS.Earth.R). */
const EARTH_RADIUS_M = 6371000;

/** Leaflet's projection (EPSG:3857, then its transformation to pixels), for a zoom's world size in pixels. */
function projectX(lon: number, size: number): number {
  return size * (lon / 360 + 0.5);
}
function projectY(lat: number, size: number): number {
  const sin = Math.sin(Math.max(Math.min(MAX_LATITUDE, lat), -MAX_LATITUDE) * DEG);
  return size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
}

function project(territory: PaintedTerritory, size: number): Projected {
  const shape: Projected = { territory, points: new Float64Array(0), rings: new Int32Array(1), circle: null, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  if (territory.geometry === null) {
    const { lat, lon } = territory.center!;
    // As L.Circle does: the radius along the meridian, in pixels at this latitude.
    const dLat = ((territory.radiusKm ?? 0) * 1000) / EARTH_RADIUS_M / DEG;
    const top = projectY(lat + dLat, size);
    const bottom = projectY(lat - dLat, size);
    const circle = { x: projectX(lon, size), y: (top + bottom) / 2, r: (bottom - top) / 2 };
    return { ...shape, circle, minX: circle.x - circle.r, minY: circle.y - circle.r, maxX: circle.x + circle.r, maxY: circle.y + circle.r };
  }
  const rings: Position[][] = territory.geometry.type === 'Polygon' ? territory.geometry.coordinates : territory.geometry.coordinates.flat();
  const points = new Float64Array(rings.reduce((n, ring) => n + ring.length, 0) * 2);
  const starts = new Int32Array(rings.length + 1);
  let k = 0;
  rings.forEach((ring, r) => {
    starts[r] = k / 2;
    for (const [lon, lat] of ring) {
      const x = projectX(lon!, size);
      const y = projectY(lat!, size);
      points[k++] = x;
      points[k++] = y;
      if (x < shape.minX) shape.minX = x;
      if (x > shape.maxX) shape.maxX = x;
      if (y < shape.minY) shape.minY = y;
      if (y > shape.maxY) shape.maxY = y;
    }
  });
  starts[rings.length] = k / 2;
  return { ...shape, points, rings: starts };
}

/** Whether (x, y) is inside the rings, even-odd as they are painted: a hole is out, a part is in. */
function inside(shape: Projected, x: number, y: number): boolean {
  if (shape.circle) return (x - shape.circle.x) ** 2 + (y - shape.circle.y) ** 2 <= shape.circle.r ** 2;
  const p = shape.points;
  let within = false;
  for (let r = 0; r + 1 < shape.rings.length; r++) {
    const first = shape.rings[r]!;
    const end = shape.rings[r + 1]!;
    for (let i = first, j = end - 1; i < end; j = i++) if (crosses(x, y, p[2 * i]!, p[2 * i + 1]!, p[2 * j]!, p[2 * j + 1]!)) within = !within;
  }
  return within;
}

export class TerritoryCanvas extends L.Canvas {
  // Leaflet's canvas renderer sets these (Canvas.js, Renderer.js); its types leave them out.
  declare private _ctx: CanvasRenderingContext2D;
  declare private _bounds: L.Bounds;
  declare private _redrawRequest: number | null;
  declare private _redrawBounds: L.Bounds | null;
  declare private _redraw: () => void;

  private territories: PaintedTerritory[] = [];
  /** Each territory's place in `territories`. */
  private places = new Map<number, number>();
  /** The territories' shapes at `zoom`, in the same order; made again at each zoom. */
  private shapes: Projected[] = [];
  private zoom = NaN;
  private selected: number | null = null;
  /** The territory being edited: geoman's layer shows it instead. */
  private hidden: number | null = null;

  setTerritories(territories: PaintedTerritory[]): void {
    this.territories = territories.slice();
    this.places = new Map(territories.map((t, i) => [t.id, i]));
    this.zoom = NaN;
    this.repaint();
  }

  /** A finer (or the coarsest) shape for one territory, painted from the next frame. */
  setShape(id: number, geometry: Polygon | MultiPolygon): void {
    const at = this.places.get(id);
    if (at === undefined) return;
    const territory = (this.territories[at] = { ...this.territories[at]!, geometry });
    // After a zoom all are projected again when painted; between two, this one alone.
    if (this._map && this.zoom === this._map.getZoom()) this.shapes[at] = project(territory, TILE * 2 ** this.zoom);
    else this.zoom = NaN;
    this.repaint();
  }

  /** The selected territory is painted on top of the others, heavier. */
  setSelected(id: number | null): void {
    this.selected = id;
    this.repaint();
  }

  setHidden(id: number | null): void {
    this.hidden = id;
    this.repaint();
  }

  /** The topmost territory painted at `latlng`, or null. */
  territoryAt(latlng: L.LatLng): number | null {
    if (!this._map || Number.isNaN(this.zoom)) return null;
    const size = TILE * 2 ** this.zoom;
    const x = projectX(latlng.lng, size);
    const y = projectY(latlng.lat, size);
    const under = (shape: Projected) => shape.territory.id !== this.hidden && x >= shape.minX && x <= shape.maxX && y >= shape.minY && y <= shape.maxY && inside(shape, x, y);
    const selected = this.shapes.find((shape) => shape.territory.id === this.selected);
    if (selected && under(selected)) return selected.territory.id;
    for (let i = this.shapes.length - 1; i >= 0; i--) if (under(this.shapes[i]!)) return this.shapes[i]!.territory.id;
    return null;
  }

  /** Paints everything again in the next animation frame (once, however many changes come before it). */
  repaint(): void {
    if (!this._map) return;
    this._redrawBounds = null;
    this._redrawRequest ??= L.Util.requestAnimFrame(this._redraw, this);
  }

  /** Leaflet's canvas calls this after clearing the canvas, placed and sized for the view. */
  _draw(): void {
    if (!this._map || !this._bounds) return;
    const zoom = this._map.getZoom();
    if (zoom !== this.zoom) this.projectAll(zoom);
    const ctx = this._ctx;
    const origin = this._map.getPixelOrigin();
    // The canvas's extent in the shapes' pixels: its transform is set to layer points, pixels less the origin.
    const [left, top] = [this._bounds.min!.x + origin.x, this._bounds.min!.y + origin.y];
    const [right, bottom] = [this._bounds.max!.x + origin.x, this._bounds.max!.y + origin.y];
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    let selected: Projected | null = null;
    for (const shape of this.shapes) {
      if (shape.territory.id === this.hidden || shape.maxX < left || shape.minX > right || shape.maxY < top || shape.minY > bottom) continue;
      if (shape.territory.id === this.selected) selected = shape;
      else paint(ctx, shape, false, origin);
    }
    if (selected) paint(ctx, selected, true, origin);
    ctx.restore();
  }

  private projectAll(zoom: number): void {
    const size = TILE * 2 ** zoom;
    this.shapes = this.territories.map((t) => project(t, size));
    this.zoom = zoom;
  }
}

/**
 * One territory, in layer points: its pixels less the origin, subtracted here in doubles (at zoom
 * 17 the pixels run to 33 million, past what the canvas's single floats hold to the pixel).
 */
function paint(ctx: CanvasRenderingContext2D, shape: Projected, selected: boolean, origin: L.Point): void {
  ctx.beginPath();
  if (shape.circle) {
    ctx.arc(shape.circle.x - origin.x, shape.circle.y - origin.y, Math.max(shape.circle.r, 1), 0, 2 * Math.PI);
  } else {
    const p = shape.points;
    for (let r = 0; r + 1 < shape.rings.length; r++) {
      const start = shape.rings[r]!;
      const end = shape.rings[r + 1]!;
      ctx.moveTo(p[2 * start]! - origin.x, p[2 * start + 1]! - origin.y);
      for (let i = start + 1; i < end; i++) ctx.lineTo(p[2 * i]! - origin.x, p[2 * i + 1]! - origin.y);
      ctx.closePath();
    }
  }
  // The style Leaflet's polygons had: a light fill, a thin outline, both heavier when selected.
  const style = selected ? SELECTED_STYLE : TERRITORY_STYLE;
  ctx.globalAlpha = style.fillOpacity;
  ctx.fillStyle = shape.territory.color;
  ctx.fill('evenodd');
  ctx.globalAlpha = 1;
  ctx.lineWidth = style.weight;
  ctx.strokeStyle = shape.territory.color;
  ctx.stroke();
}
