/**
 * Label-sheet layouts for asset-tag labels: the common die-cut sheets of A4 and US Letter, by
 * their manufacturer's published dimensions (millimetres; Letter inches converted). A sheet is
 * printed at 100 % with no page margins (`@page` in app.css), so each label lands on its die-cut.
 */
export interface LabelLayout {
  id: string;
  /** For the picker: the product code and what it is. */
  name: string;
  paper: 'A4' | 'Letter';
  columns: number;
  rows: number;
  /** Label size. */
  widthMm: number;
  heightMm: number;
  /** Sheet margins to the first label, and the gaps between labels. */
  topMm: number;
  leftMm: number;
  columnGapMm: number;
  rowGapMm: number;
  /** The QR code's side: as large as the label's height allows, with a little padding. */
  qrMm: number;
  /** Text size, points: small labels get small text. */
  textPt: number;
}

export const LABEL_LAYOUTS: readonly LabelLayout[] = [
  { id: 'avery-l7160', name: 'Avery L7160 — A4, 3 × 7 (63.5 × 38.1 mm)', paper: 'A4', columns: 3, rows: 7, widthMm: 63.5, heightMm: 38.1, topMm: 15.15, leftMm: 7.25, columnGapMm: 2.5, rowGapMm: 0, qrMm: 30, textPt: 9 },
  { id: 'avery-l7163', name: 'Avery L7163 — A4, 2 × 7 (99.1 × 38.1 mm)', paper: 'A4', columns: 2, rows: 7, widthMm: 99.1, heightMm: 38.1, topMm: 15.15, leftMm: 4.65, columnGapMm: 2.5, rowGapMm: 0, qrMm: 30, textPt: 10 },
  { id: 'avery-l7651', name: 'Avery L7651 — A4, 5 × 13 (38.1 × 21.2 mm)', paper: 'A4', columns: 5, rows: 13, widthMm: 38.1, heightMm: 21.2, topMm: 10.7, leftMm: 4.75, columnGapMm: 2.5, rowGapMm: 0, qrMm: 17, textPt: 6 },
  { id: 'avery-5160', name: 'Avery 5160 — Letter, 3 × 10 (2⅝ × 1 in)', paper: 'Letter', columns: 3, rows: 10, widthMm: 66.675, heightMm: 25.4, topMm: 12.7, leftMm: 4.7625, columnGapMm: 3.175, rowGapMm: 0, qrMm: 21, textPt: 7 },
  { id: 'avery-5163', name: 'Avery 5163 — Letter, 2 × 5 (4 × 2 in)', paper: 'Letter', columns: 2, rows: 5, widthMm: 101.6, heightMm: 50.8, topMm: 12.7, leftMm: 3.96875, columnGapMm: 4.7625, rowGapMm: 0, qrMm: 42, textPt: 11 },
];

export const DEFAULT_LABEL_LAYOUT = LABEL_LAYOUTS[0] as LabelLayout;

export const PAPER_MM: Readonly<Record<LabelLayout['paper'], { width: number; height: number }>> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
};

export function labelLayout(id: string): LabelLayout {
  return LABEL_LAYOUTS.find((l) => l.id === id) ?? DEFAULT_LABEL_LAYOUT;
}

export function labelsPerSheet(layout: LabelLayout): number {
  return layout.columns * layout.rows;
}

/** Where the labels end on the sheet: never past the paper (a layout typo would misprint every sheet). */
export function layoutFits(layout: LabelLayout): boolean {
  const paper = PAPER_MM[layout.paper];
  const right = layout.leftMm + layout.columns * layout.widthMm + (layout.columns - 1) * layout.columnGapMm;
  const bottom = layout.topMm + layout.rows * layout.heightMm + (layout.rows - 1) * layout.rowGapMm;
  return right <= paper.width + 1e-9 && bottom <= paper.height + 1e-9 && layout.qrMm < layout.heightMm && layout.qrMm < layout.widthMm;
}
