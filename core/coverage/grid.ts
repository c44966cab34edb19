/**
 * Boxes bucketed in a uniform grid, for "which boxes hold this point". The cell under a point
 * lists every box overlapping it in one flat Int32Array, so a lookup is two array reads and
 * allocates nothing. Flatbush answers the same question by walking its tree and returning a
 * fresh array per call; routing and coverage ask it for every lead (100,000 in a bulk run), and
 * that walk was the largest cost of a lookup in the profile (issue 19).
 */
import type { Bbox } from '../territories/geometry';

/** Cells per box at most on average: past this the grid is coarsened (a few huge boxes among small ones). */
const MAX_ENTRIES_PER_BOX = 32;

export class PointGrid {
  private readonly minLon: number;
  private readonly minLat: number;
  private readonly cellSize: number;
  private readonly columns: number;
  private readonly rows: number;
  /** For cell c, its boxes are items[starts[c]] .. items[starts[c + 1] - 1]. */
  private readonly starts: Int32Array;
  private readonly items: Int32Array;
  /** minLon, minLat, maxLon, maxLat of each box, flat. */
  private readonly boxes: Float64Array;

  constructor(boxes: readonly Bbox[]) {
    this.boxes = Float64Array.from(boxes.flat());
    const extent: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (const b of boxes) {
      extent[0] = Math.min(extent[0], b[0]);
      extent[1] = Math.min(extent[1], b[1]);
      extent[2] = Math.max(extent[2], b[2]);
      extent[3] = Math.max(extent[3], b[3]);
    }
    const width = Math.max(extent[2] - extent[0], 1e-9);
    const height = Math.max(extent[3] - extent[1], 1e-9);
    // About four cells per box over the extent (measured best on the bench's 5,000 territories), coarser if boxes span too many.
    let size = Math.max(Math.sqrt((width * height) / (4 * boxes.length)), 1e-6);
    while (entries(boxes, extent, size) > MAX_ENTRIES_PER_BOX * boxes.length) size *= 2;
    this.minLon = extent[0];
    this.minLat = extent[1];
    this.cellSize = size;
    this.columns = Math.floor(width / size) + 1;
    this.rows = Math.floor(height / size) + 1;
    const counts = new Int32Array(this.columns * this.rows + 1);
    this.eachCell(boxes, (cell) => counts[cell + 1]!++);
    for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
    this.starts = counts;
    this.items = new Int32Array(counts[counts.length - 1]!);
    const fill = counts.slice(0, -1);
    this.eachCell(boxes, (cell, box) => (this.items[fill[cell]!++] = box));
  }

  /** The cell holding the point, or -1 outside every box's extent. */
  cellAt(lon: number, lat: number): number {
    const column = Math.floor((lon - this.minLon) / this.cellSize);
    const row = Math.floor((lat - this.minLat) / this.cellSize);
    if (!(column >= 0 && column < this.columns && row >= 0 && row < this.rows)) return -1;
    return row * this.columns + column;
  }

  /** Entries of `cell` run from first(cell) to end(cell) - 1; item(i) is the box's position in the constructor's list. */
  first(cell: number): number {
    return this.starts[cell]!;
  }

  end(cell: number): number {
    return this.starts[cell + 1]!;
  }

  item(entry: number): number {
    return this.items[entry]!;
  }

  /** Whether box b holds the point, edges included: the cell's boxes only overlap the cell. */
  boxHolds(b: number, lon: number, lat: number): boolean {
    const x = this.boxes;
    return lon >= x[4 * b]! && lat >= x[4 * b + 1]! && lon <= x[4 * b + 2]! && lat <= x[4 * b + 3]!;
  }

  private eachCell(boxes: readonly Bbox[], visit: (cell: number, box: number) => void): void {
    boxes.forEach((b, i) => {
      const [c0, r0] = [this.column(b[0]), this.row(b[1])];
      const [c1, r1] = [this.column(b[2]), this.row(b[3])];
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * this.columns + c, i);
    });
  }

  private column(lon: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((lon - this.minLon) / this.cellSize)));
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.minLat) / this.cellSize)));
  }
}

/** How many cell entries a grid of this cell size would hold. */
function entries(boxes: readonly Bbox[], extent: Bbox, size: number): number {
  let n = 0;
  for (const b of boxes) n += (Math.floor((b[2] - extent[0]) / size) - Math.floor((b[0] - extent[0]) / size) + 1) * (Math.floor((b[3] - extent[1]) / size) - Math.floor((b[1] - extent[1]) / size) + 1);
  return n;
}
