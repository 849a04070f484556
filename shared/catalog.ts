import type { RentalPriceEntry } from './ownVsRent';
import type { IsoDate, Timestamp } from './dates';
import type { Uuid } from './ids';

export const CATEGORIES = [
  'gpu-server',
  'cpu-server',
  'storage-server',
  'network-switch',
  'gpu-card',
  'drive',
  'nic',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  'gpu-server': 'GPU server',
  'cpu-server': 'CPU server',
  'storage-server': 'Storage server',
  'network-switch': 'Network switch',
  'gpu-card': 'GPU card',
  drive: 'Drive',
  nic: 'NIC',
  other: 'Other',
};

export function isCategory(text: string): text is Category {
  return (CATEGORIES as readonly string[]).includes(text);
}

/** Categories whose units carry data and must be sanitised before disposal (NIST SP 800-88). */
export const STORAGE_BEARING_DEFAULT: Readonly<Record<Category, boolean>> = {
  'gpu-server': true,
  'cpu-server': true,
  'storage-server': true,
  'network-switch': false,
  'gpu-card': false,
  drive: true,
  nic: false,
  other: false,
};

/** A catalogue entry. Money fields are minor units in `currency`. */
export interface HardwareModel {
  id: Uuid;
  manufacturer: string;
  name: string;
  category: Category;
  /** Typical draw per unit, watts. */
  powerWatts: number | null;
  rackUnits: number | null;
  listPrice: number | null;
  currency: string;
  releaseDate: IsoDate | null;
  endOfSale: IsoDate | null;
  endOfSupport: IsoDate | null;
  successorId: Uuid | null;
  /**
   * Work one unit does, in any unit the organisation picks and uses across a model family (a
   * benchmark score, tokens/s, "A100 = 1"); null when unknown. The refresh planner compares a
   * model with its successor by the ratio of these (so one successor unit may replace several).
   */
  performance: number | null;
  /**
   * What this model's serials look like, as a regular expression over the upper-case serial
   * (e.g. `S3Z[0-9A-Z]{11}`); '' for the default format. Scans that don't match are rejected.
   */
  serialPattern: string;
  storageBearing: boolean;
  /** The rental price book: what renting this capacity costs (issue 12); absent on models from before it. */
  rentalPrices?: RentalPriceEntry[];
  /**
   * Provenance (issue 13; shared/compliance.ts), absent on models from before it: where the model
   * is made (ISO 3166 alpha-2, null unknown), its export classification (an ECCN such as 3A090 or
   * EAR99; '' unknown) and its HS code ('' unknown).
   */
  countryOfOrigin?: string | null;
  exportClassification?: string;
  hsCode?: string;
  notes: string;
  demo: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A data centre or store room. */
export interface Site {
  id: Uuid;
  code: string;
  name: string;
  /** Energy price in minor units of `currency` per MWh (0.0875/kWh = 8750 per MWh in cents). */
  energyPricePerMwh: number | null;
  currency: string;
  /** Power usage effectiveness, e.g. 1.4. */
  pue: number | null;
  /**
   * What one rack unit of space costs a month here (rent, cooling share, cross-connects), minor
   * units of `currency`; null or absent (sites made before it existed) when unknown. Own vs rent
   * counts it as the model's U × units × this.
   */
  spacePerRackUnitMonth?: number | null;
  /** The country the site is in, ISO 3166 alpha-2 (issue 13): a move between sites of different countries is a transfer. Null or absent: unknown. */
  country?: string | null;
  notes: string;
  demo: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export function modelLabel(m: Pick<HardwareModel, 'manufacturer' | 'name'>): string {
  return `${m.manufacturer} ${m.name}`;
}
