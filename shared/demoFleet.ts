/**
 * A realistic demo fleet: two GPU generations and their successor, CPU and storage servers,
 * switches, drives and NICs across two data centres and a store room, with lots in every
 * lifecycle status. Dates are relative to `today`, so the demo looks current whenever it is
 * opened; the same inputs always give the same fleet (a fixed-seed PRNG supplies the variety).
 * Everything is in USD and marked `demo: true` so it can be removed as a whole.
 */
import { STORAGE_BEARING_DEFAULT, type Category, type HardwareModel, type Site } from './catalog';
import { addDays, addMonths, compareIso, dateParts, daysBetween, type IsoDate, type Timestamp } from './dates';
import type { IdGenerator, Uuid } from './ids';
import type { Disposition, LotStatus } from './lifecycle';
import type { Lot } from './lot';
import { CONDITION_FACTOR_DEFAULTS, type Condition, type MarketObservation } from './market';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES, type CategoryPolicies } from './depreciation/policies';
import { seededRandom } from './seededRandom';
import type { Supplier, SupplierChannel } from './suppliers';

export interface DemoFleet {
  models: HardwareModel[];
  sites: Site[];
  suppliers: Supplier[];
  lots: Lot[];
  /** Secondary-market prices seen over the last three years, so the forecast has data to fit. */
  observations: MarketObservation[];
}

export const DEMO_CURRENCY = 'USD';
export const DEMO_SITE_CODES = ['FRA1', 'AMS2', 'LAB'] as const;
type SiteCode = (typeof DEMO_SITE_CODES)[number];

/** Whole US dollars to minor units. */
const usd = (dollars: number): number => Math.round(dollars) * 100;

type ModelKey =
  | 'a100'
  | 'h100smc'
  | 'h100dell'
  | 'b200'
  | 'r740'
  | 'r750'
  | 'r760'
  | 'dl380'
  | 'xd2'
  | 'ssg640'
  | 'a7050'
  | 'a7280'
  | 'sn4600'
  | 'qm9700'
  | 'pm9a3'
  | 'exos'
  | 'cx7';

interface ModelSpec {
  key: ModelKey;
  manufacturer: string;
  name: string;
  category: Category;
  powerWatts: number | null;
  rackUnits: number | null;
  listUsd: number;
  /** Months relative to today (negative: in the past). */
  released: number;
  endOfSale: number | null;
  endOfSupport: number | null;
  successor: ModelKey | null;
  /** Support contract per unit per year, USD. */
  supportUsd: number;
  /** Code prefix of its lots. */
  prefix: string;
  notes: string;
}

/**
 * Work per unit within each family, for the refresh planner (HardwareModel.performance): GPU
 * servers in training throughput with the A100 system = 1 (vendor and MLPerf training figures,
 * rounded down: H100 ≈ 2.5×, B200 ≈ 2.2× H100); CPU servers in SPECrate-style integer throughput
 * with the R740 = 1 (core count × per-core gain of each Xeon generation); storage servers in
 * drive bays (26 and 90). Models without a successor in the demo have none.
 */
/** What renting one instance that does a unit's work costs an hour, USD, by term (demo figures in the range public clouds list). */
const DEMO_RENTAL: Partial<Record<ModelKey, readonly (readonly ['on-demand' | '1-year' | '3-year', number])[]>> = {
  a100: [['on-demand', 32.77], ['3-year', 11.57]],
  h100smc: [['on-demand', 98.32], ['1-year', 69.21], ['3-year', 43.16]],
  r760: [['on-demand', 1.61], ['3-year', 0.64]],
};

/**
 * Provenance of the demo models (issue 13): where each is made, its export classification and HS
 * code. Illustrative demo data, like the prices: not a statement about any real product.
 */
const DEMO_PROVENANCE: Readonly<Record<ModelKey, { origin: string; eccn: string; hs: string }>> = {
  a100: { origin: 'TW', eccn: '4A090.a', hs: '8471.50' },
  h100smc: { origin: 'TW', eccn: '4A090.a', hs: '8471.50' },
  h100dell: { origin: 'MX', eccn: '4A090.a', hs: '8471.50' },
  b200: { origin: 'US', eccn: '4A090.a', hs: '8471.50' },
  r740: { origin: 'MX', eccn: '5A992.c', hs: '8471.50' },
  r750: { origin: 'MX', eccn: '5A992.c', hs: '8471.50' },
  r760: { origin: 'MX', eccn: '5A992.c', hs: '8471.50' },
  dl380: { origin: 'CZ', eccn: '5A992.c', hs: '8471.50' },
  xd2: { origin: 'CN', eccn: '5A992.c', hs: '8471.50' },
  ssg640: { origin: 'NL', eccn: '5A992.c', hs: '8471.50' },
  a7050: { origin: 'TW', eccn: '5A992.c', hs: '8517.62' },
  a7280: { origin: 'TW', eccn: '5A992.c', hs: '8517.62' },
  sn4600: { origin: 'IL', eccn: '5A992.c', hs: '8517.62' },
  qm9700: { origin: 'IL', eccn: '5A992.c', hs: '8517.62' },
  pm9a3: { origin: 'KR', eccn: '5A992.c', hs: '8471.70' },
  exos: { origin: 'TH', eccn: 'EAR99', hs: '8471.70' },
  cx7: { origin: 'IL', eccn: '5A991.b', hs: '8471.80' },
};

const DEMO_PERFORMANCE: Partial<Record<ModelKey, number>> = {
  a100: 1,
  h100smc: 2.5,
  h100dell: 2.5,
  b200: 5.5,
  r740: 1,
  r750: 1.7,
  r760: 2.3,
  dl380: 2.3,
  xd2: 26,
  ssg640: 90,
};

/**
 * How the demo's secondary market prices each model: value ≈ list × e^(−k × age in years) in new
 * condition, scattered ±15 % or so, times the condition factor. Rates are typical of the resale
 * market for each class (a published H100 vintage curve gives k ≈ 0.26; enterprise servers sell
 * on through brokers for years), not the category priors, so the demo shows data pulling a fit
 * away from its prior. `count` prices are spread over the last three years (since release). The
 * newest CPU servers (R760, DL380 Gen11) have none yet: their curves come from their category.
 */
const DEMO_MARKET: Partial<Record<ModelKey, { k: number; count: number }>> = {
  a100: { k: 0.2, count: 14 },
  h100smc: { k: 0.27, count: 16 },
  h100dell: { k: 0.29, count: 8 },
  b200: { k: 0.3, count: 6 },
  r740: { k: 0.3, count: 12 },
  r750: { k: 0.33, count: 10 },
  xd2: { k: 0.28, count: 6 },
  a7050: { k: 0.22, count: 5 },
  qm9700: { k: 0.25, count: 4 },
  pm9a3: { k: 0.4, count: 9 },
  exos: { k: 0.38, count: 8 },
};

const DEMO_SOURCES = ['Broker quote', 'eBay sold listing', 'ITAD buy-back offer', 'Liquidation auction', 'Reseller listing'] as const;
const DEMO_CONDITIONS: readonly Condition[] = ['used', 'used', 'refurbished', 'as-is', 'new'];

/**
 * Serial formats the demo knows (HardwareModel.serialPattern): Samsung enterprise SSD serials are
 * S + 13 letters and digits, Seagate's 8 characters starting with Z. Servers keep the default
 * format (their serials vary by factory).
 */
const DEMO_SERIAL_PATTERNS: Partial<Record<ModelKey, string>> = {
  pm9a3: 'S[0-9A-Z]{13}',
  exos: 'Z[0-9A-Z]{7}',
};

// Prices and power are typical published figures of each class of machine, rounded.
const MODEL_SPECS: readonly ModelSpec[] = [
  { key: 'a100', manufacturer: 'Supermicro', name: 'SYS-420GP-TNAR+ (HGX A100 8-GPU)', category: 'gpu-server', powerWatts: 5400, rackUnits: 4, listUsd: 185_000, released: -78, endOfSale: -24, endOfSupport: 18, successor: 'h100smc', supportUsd: 4_800, prefix: 'GPU-A100', notes: '8× A100 80 GB SXM4, 2× Xeon Gold, 2 TB RAM.' },
  { key: 'h100smc', manufacturer: 'Supermicro', name: 'SYS-821GE-TNHR (HGX H100 8-GPU)', category: 'gpu-server', powerWatts: 8400, rackUnits: 8, listUsd: 295_000, released: -44, endOfSale: 6, endOfSupport: 54, successor: 'b200', supportUsd: 7_200, prefix: 'GPU-H100', notes: '8× H100 80 GB SXM5, 2× Xeon Platinum, 2 TB RAM, 8× ConnectX-7.' },
  { key: 'h100dell', manufacturer: 'Dell', name: 'PowerEdge XE9680 (HGX H100 8-GPU)', category: 'gpu-server', powerWatts: 8800, rackUnits: 6, listUsd: 315_000, released: -42, endOfSale: 6, endOfSupport: 54, successor: 'b200', supportUsd: 7_600, prefix: 'GPU-H100', notes: '8× H100 80 GB SXM5, 2× Xeon Platinum, 2 TB RAM.' },
  { key: 'b200', manufacturer: 'Supermicro', name: 'SYS-A21GE-NBRT (HGX B200 8-GPU)', category: 'gpu-server', powerWatts: 12_500, rackUnits: 10, listUsd: 465_000, released: -14, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 9_500, prefix: 'GPU-B200', notes: '8× B200 180 GB, air-cooled.' },
  { key: 'r740', manufacturer: 'Dell', name: 'PowerEdge R740', category: 'cpu-server', powerWatts: 550, rackUnits: 2, listUsd: 17_500, released: -112, endOfSale: -30, endOfSupport: 6, successor: 'r750', supportUsd: 650, prefix: 'CPU-R740', notes: '2× Xeon Gold 6248, 384 GB RAM.' },
  { key: 'r750', manufacturer: 'Dell', name: 'PowerEdge R750', category: 'cpu-server', powerWatts: 700, rackUnits: 2, listUsd: 21_500, released: -66, endOfSale: -14, endOfSupport: 42, successor: 'r760', supportUsd: 750, prefix: 'CPU-R750', notes: '2× Xeon Gold 6338, 512 GB RAM.' },
  { key: 'r760', manufacturer: 'Dell', name: 'PowerEdge R760', category: 'cpu-server', powerWatts: 800, rackUnits: 2, listUsd: 26_000, released: -46, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 850, prefix: 'CPU-R760', notes: '2× Xeon Gold 6430, 512 GB RAM.' },
  { key: 'dl380', manufacturer: 'HPE', name: 'ProLiant DL380 Gen11', category: 'cpu-server', powerWatts: 750, rackUnits: 2, listUsd: 24_500, released: -46, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 900, prefix: 'CPU-DL380', notes: '2× Xeon Gold 6430, 512 GB RAM.' },
  { key: 'xd2', manufacturer: 'Dell', name: 'PowerEdge R740xd2', category: 'storage-server', powerWatts: 750, rackUnits: 2, listUsd: 21_000, released: -96, endOfSale: -24, endOfSupport: 12, successor: 'ssg640', supportUsd: 1_100, prefix: 'STO-XD2', notes: '26× 3.5" bays.' },
  { key: 'ssg640', manufacturer: 'Supermicro', name: 'SSG-640SP-E1CR90 (90-bay)', category: 'storage-server', powerWatts: 1600, rackUnits: 4, listUsd: 52_000, released: -36, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 1_400, prefix: 'STO-SSG640', notes: '90× 3.5" bays, drives bought as separate lots.' },
  { key: 'a7050', manufacturer: 'Arista', name: '7050SX3-48YC8', category: 'network-switch', powerWatts: 320, rackUnits: 1, listUsd: 24_000, released: -84, endOfSale: -6, endOfSupport: 54, successor: null, supportUsd: 1_800, prefix: 'NET-7050', notes: 'Top of rack: 48× 25G, 8× 100G.' },
  { key: 'a7280', manufacturer: 'Arista', name: '7280CR3-32P4', category: 'network-switch', powerWatts: 480, rackUnits: 1, listUsd: 68_000, released: -80, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 4_500, prefix: 'NET-7280', notes: 'Spine: 32× 100G, 4× 400G.' },
  { key: 'sn4600', manufacturer: 'NVIDIA', name: 'Spectrum SN4600C', category: 'network-switch', powerWatts: 550, rackUnits: 2, listUsd: 46_000, released: -72, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 3_200, prefix: 'NET-SN4600', notes: 'Spine: 64× 100G Ethernet.' },
  { key: 'qm9700', manufacturer: 'NVIDIA', name: 'Quantum-2 QM9700', category: 'network-switch', powerWatts: 1100, rackUnits: 1, listUsd: 36_000, released: -46, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 2_900, prefix: 'IB-QM9700', notes: '64× NDR 400G InfiniBand, GPU fabric.' },
  { key: 'pm9a3', manufacturer: 'Samsung', name: 'PM9A3 7.68 TB U.2 NVMe', category: 'drive', powerWatts: 13, rackUnits: null, listUsd: 1_150, released: -60, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 0, prefix: 'DRV-PM9A3', notes: '' },
  { key: 'exos', manufacturer: 'Seagate', name: 'Exos X20 20 TB SATA', category: 'drive', powerWatts: 9, rackUnits: null, listUsd: 430, released: -54, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 0, prefix: 'DRV-X20', notes: '' },
  { key: 'cx7', manufacturer: 'NVIDIA', name: 'ConnectX-7 400G (MCX75310AAS-NEAT)', category: 'nic', powerWatts: 25, rackUnits: null, listUsd: 2_150, released: -44, endOfSale: null, endOfSupport: null, successor: null, supportUsd: 0, prefix: 'NIC-CX7', notes: 'Single-port NDR / 400GbE.' },
];

interface SiteSpec {
  code: SiteCode;
  name: string;
  /** USD per kWh, as people quote it. */
  kwhUsd: number;
  country: string;
  pue: number | null;
  notes: string;
}

const SITE_SPECS: readonly SiteSpec[] = [
  { code: 'FRA1', name: 'Frankfurt data centre', kwhUsd: 0.19, pue: 1.35, country: 'DE', notes: 'Main training cluster. Colocation, 2N power.' },
  { code: 'AMS2', name: 'Amsterdam data centre', kwhUsd: 0.16, pue: 1.25, country: 'NL', notes: 'Inference and general compute.' },
  { code: 'LAB', name: 'Store room', kwhUsd: 0.14, pue: null, country: 'NL', notes: 'Spares, staging bench and sanitisation station.' },
];

interface Disposal {
  disposition: Disposition;
  /** How long ago, in months. */
  monthsAgo: number;
  /** Proceeds per unit as a share of its cost, or a flat USD amount per unit (recycling rebates). */
  proceedsShare?: number;
  proceedsPerUnitUsd?: number;
}

/** Who the demo lots were bought from: makers selling direct, distributors, resellers and a broker. */
const SUPPLIER_SPECS = [
  { name: 'Supermicro', country: 'US', channel: 'oem-direct', notes: 'Direct account; GPU servers built to order.' },
  { name: 'Dell Technologies', country: 'US', channel: 'oem-direct', notes: 'Enterprise account, EMEA order desk.' },
  { name: 'HPE', country: 'US', channel: 'oem-direct', notes: '' },
  { name: 'NVIDIA', country: 'US', channel: 'oem-direct', notes: 'Networking bought direct with the DGX reference design.' },
  { name: 'Arrow', country: 'US', channel: 'distributor', notes: 'Arrow Electronics, value-added distribution.' },
  { name: 'CDW', country: 'US', channel: 'reseller', notes: '' },
  { name: 'Insight', country: 'US', channel: 'reseller', notes: '' },
  { name: 'SHI International', country: 'US', channel: 'reseller', notes: '' },
  { name: 'World Wide Technology', country: 'US', channel: 'reseller', notes: '' },
  { name: 'Rackbroker', country: 'NL', channel: 'broker', notes: 'Refurbished spares from the secondary market; tested, 90-day warranty.' },
] as const satisfies readonly { name: string; country: string; channel: SupplierChannel; notes: string }[];
type SupplierName = (typeof SUPPLIER_SPECS)[number]['name'];

interface LotSpec {
  model: ModelKey;
  status: LotStatus;
  quantity: number;
  /** Purchase date: months relative to today (positive for planned buys). */
  bought: number;
  site: SiteCode;
  supplier: SupplierName;
  disposal?: Disposal;
  replacementPlan?: string;
  notes?: string;
  tags?: string[];
  powerWatts?: number;
}

const LOT_SPECS: readonly LotSpec[] = [
  // GPU servers, A100 generation: being refreshed and sold.
  { model: 'a100', status: 'refresh-candidate', quantity: 32, bought: -58, site: 'FRA1', supplier: 'Supermicro', tags: ['training', 'cluster-a'], notes: 'Cluster A. Out of warranty; keep-vs-sell is close, see refresh report.', replacementPlan: 'Replace with the planned B200 lot; sell while A100 resale prices hold.' },
  { model: 'a100', status: 'replacing', quantity: 24, bought: -55, site: 'AMS2', supplier: 'Arrow', tags: ['inference'], replacementPlan: 'Inference moves to the H100 lots in AMS2 this quarter; then drain, sanitise and sell to a broker.' },
  { model: 'a100', status: 'draining', quantity: 16, bought: -57, site: 'FRA1', supplier: 'Supermicro', tags: ['training', 'cluster-a'], notes: 'Jobs drained, nodes cordoned.' },
  { model: 'a100', status: 'sanitised', quantity: 8, bought: -60, site: 'LAB', supplier: 'Supermicro', notes: 'Boot drives purged (NIST SP 800-88), awaiting broker pickup.' },
  { model: 'a100', status: 'disposed', quantity: 4, bought: -62, site: 'LAB', supplier: 'Supermicro', disposal: { disposition: 'sold', monthsAgo: 2, proceedsShare: 0.3 }, notes: 'Sold to a secondary-market broker.' },
  // GPU servers, H100 generation: the current workhorses.
  { model: 'h100smc', status: 'in-service', quantity: 64, bought: -30, site: 'FRA1', supplier: 'Supermicro', tags: ['training', 'cluster-b'], powerWatts: 7800, notes: 'Power-capped at 7.8 kW per node by the rack power budget.' },
  { model: 'h100dell', status: 'in-service', quantity: 32, bought: -26, site: 'AMS2', supplier: 'Dell Technologies', tags: ['inference'] },
  { model: 'h100smc', status: 'spare', quantity: 4, bought: -30, site: 'LAB', supplier: 'Supermicro', tags: ['cold-spare', 'cluster-b'] },
  { model: 'h100dell', status: 'rma', quantity: 2, bought: -26, site: 'AMS2', supplier: 'Dell Technologies', notes: 'GPU baseboard faults; RMA case open with Dell.' },
  { model: 'h100smc', status: 'staged', quantity: 16, bought: -4, site: 'FRA1', supplier: 'Supermicro', tags: ['training', 'cluster-b', 'expansion'], notes: 'Racked, in burn-in.' },
  { model: 'h100dell', status: 'ordered', quantity: 16, bought: -1, site: 'AMS2', supplier: 'Dell Technologies', tags: ['inference', 'expansion'] },
  // GPU servers, B200: the successor.
  { model: 'b200', status: 'planned', quantity: 32, bought: 4, site: 'FRA1', supplier: 'Supermicro', tags: ['capex-plan', 'cluster-a'], notes: 'Budgeted for next fiscal year; replaces cluster A.' },
  { model: 'b200', status: 'ordered', quantity: 8, bought: -1, site: 'FRA1', supplier: 'Supermicro', tags: ['pilot'], notes: 'Pilot nodes to validate power and cooling.' },
  // CPU servers.
  { model: 'r740', status: 'refresh-candidate', quantity: 60, bought: -64, site: 'FRA1', supplier: 'CDW', notes: 'Vendor support ends soon.' },
  { model: 'r740', status: 'draining', quantity: 40, bought: -66, site: 'AMS2', supplier: 'Dell Technologies' },
  { model: 'r740', status: 'sanitised', quantity: 20, bought: -66, site: 'AMS2', supplier: 'Dell Technologies' },
  { model: 'r740', status: 'disposed', quantity: 30, bought: -68, site: 'FRA1', supplier: 'CDW', disposal: { disposition: 'sold', monthsAgo: 4, proceedsShare: 0.07 } },
  { model: 'r740', status: 'disposed', quantity: 12, bought: -68, site: 'LAB', supplier: 'CDW', disposal: { disposition: 'donated', monthsAgo: 6, proceedsShare: 0 }, notes: 'Donated to a university HPC lab.' },
  { model: 'r750', status: 'in-service', quantity: 96, bought: -42, site: 'FRA1', supplier: 'Dell Technologies', tags: ['general-compute'] },
  { model: 'r750', status: 'spare', quantity: 10, bought: -42, site: 'LAB', supplier: 'Dell Technologies' },
  { model: 'r750', status: 'in-service', quantity: 48, bought: -38, site: 'AMS2', supplier: 'CDW', tags: ['general-compute'] },
  { model: 'r760', status: 'in-service', quantity: 120, bought: -20, site: 'FRA1', supplier: 'Dell Technologies', tags: ['general-compute'] },
  { model: 'r760', status: 'received', quantity: 24, bought: -2, site: 'AMS2', supplier: 'Dell Technologies', notes: 'On pallets in the loading bay.' },
  { model: 'r760', status: 'planned', quantity: 40, bought: 3, site: 'AMS2', supplier: 'Dell Technologies', tags: ['capex-plan'], notes: 'Replaces the R740 refresh candidates.' },
  { model: 'dl380', status: 'in-service', quantity: 80, bought: -16, site: 'AMS2', supplier: 'HPE', tags: ['virtualisation'] },
  { model: 'dl380', status: 'staged', quantity: 20, bought: -3, site: 'FRA1', supplier: 'SHI International', tags: ['virtualisation'] },
  // Storage servers.
  { model: 'xd2', status: 'replacing', quantity: 8, bought: -60, site: 'FRA1', supplier: 'Dell Technologies', replacementPlan: 'Data migrating to the SSG-640SP lots; retire each node once its last replica has moved.' },
  { model: 'ssg640', status: 'in-service', quantity: 12, bought: -22, site: 'FRA1', supplier: 'Supermicro', tags: ['object-storage'] },
  { model: 'ssg640', status: 'ordered', quantity: 6, bought: -1, site: 'AMS2', supplier: 'Supermicro', tags: ['object-storage', 'expansion'] },
  // Network.
  { model: 'a7050', status: 'in-service', quantity: 24, bought: -40, site: 'FRA1', supplier: 'World Wide Technology', tags: ['tor'] },
  { model: 'a7050', status: 'spare', quantity: 2, bought: -40, site: 'LAB', supplier: 'Rackbroker', tags: ['tor', 'cold-spare'], notes: 'Refurbished cold spares from a broker.' },
  { model: 'a7050', status: 'disposed', quantity: 12, bought: -70, site: 'AMS2', supplier: 'World Wide Technology', disposal: { disposition: 'recycled', monthsAgo: 5, proceedsPerUnitUsd: 35 }, notes: 'Recycled through a certified e-waste partner.' },
  { model: 'a7280', status: 'in-service', quantity: 4, bought: -36, site: 'FRA1', supplier: 'World Wide Technology', tags: ['spine'] },
  { model: 'sn4600', status: 'in-service', quantity: 8, bought: -34, site: 'AMS2', supplier: 'Arrow', tags: ['spine'] },
  { model: 'qm9700', status: 'in-service', quantity: 16, bought: -29, site: 'FRA1', supplier: 'NVIDIA', tags: ['infiniband', 'cluster-b'] },
  { model: 'qm9700', status: 'planned', quantity: 8, bought: 4, site: 'FRA1', supplier: 'NVIDIA', tags: ['infiniband', 'capex-plan'] },
  // Drives and NICs, bought by the hundred.
  { model: 'pm9a3', status: 'received', quantity: 240, bought: -2, site: 'FRA1', supplier: 'CDW', notes: 'For the staged H100 expansion.' },
  { model: 'pm9a3', status: 'rma', quantity: 12, bought: -20, site: 'FRA1', supplier: 'CDW', notes: 'Media wear-out warnings; advance replacement requested.' },
  { model: 'exos', status: 'in-service', quantity: 450, bought: -22, site: 'FRA1', supplier: 'Insight', tags: ['object-storage'] },
  { model: 'exos', status: 'spare', quantity: 40, bought: -22, site: 'LAB', supplier: 'Insight', tags: ['cold-spare'] },
  { model: 'exos', status: 'disposed', quantity: 120, bought: -50, site: 'FRA1', supplier: 'Insight', disposal: { disposition: 'scrapped', monthsAgo: 1, proceedsShare: 0 }, notes: 'Shredded on site (NIST SP 800-88 destroy) at the end of a customer contract.' },
  { model: 'cx7', status: 'in-service', quantity: 128, bought: -28, site: 'FRA1', supplier: 'Arrow', tags: ['cluster-b'] },
];

/** Days from order to delivery, and from delivery to production, by category. */
const LEAD_DAYS: Readonly<Record<Category, number>> = {
  'gpu-server': 56, 'cpu-server': 24, 'storage-server': 30, 'network-switch': 35, 'gpu-card': 28, drive: 10, nic: 14, other: 21,
};
const BURN_IN_DAYS: Readonly<Record<Category, number>> = {
  'gpu-server': 21, 'cpu-server': 10, 'storage-server': 14, 'network-switch': 7, 'gpu-card': 7, drive: 3, nic: 5, other: 7,
};
const WARRANTY_MONTHS: Readonly<Record<Category, number>> = {
  'gpu-server': 36, 'cpu-server': 60, 'storage-server': 60, 'network-switch': 60, 'gpu-card': 36, drive: 60, nic: 36, other: 36,
};

const RECEIVED_OR_LATER: ReadonlySet<LotStatus> = new Set<LotStatus>([
  'received', 'staged', 'in-service', 'spare', 'rma', 'refresh-candidate', 'replacing', 'draining', 'sanitised', 'disposed',
]);
const IN_SERVICE_OR_LATER: ReadonlySet<LotStatus> = new Set<LotStatus>([
  'in-service', 'spare', 'rma', 'refresh-candidate', 'replacing', 'draining', 'sanitised', 'disposed',
]);


const minDate = (a: IsoDate, b: IsoDate): IsoDate => (compareIso(a, b) <= 0 ? a : b);
const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (compareIso(a, b) >= 0 ? a : b);

/**
 * @param policies the depreciation templates new lots get, by category (Settings); the
 *   built-in defaults when not given.
 */
export function demoFleet({
  today,
  now,
  newId,
  policies = DEFAULT_CATEGORY_POLICIES,
}: {
  today: IsoDate;
  now: Timestamp;
  newId: IdGenerator;
  policies?: Readonly<Record<Category, CategoryPolicies>>;
}): DemoFleet {
  const random = seededRandom(0x5eedf1ee);
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
  const intBetween = (lo: number, hi: number): number => Math.floor(between(lo, hi + 1));
  const monthsFromToday = (months: number | null): IsoDate | null => (months === null ? null : addMonths(today, months));

  const modelIds = new Map<ModelKey, Uuid>(MODEL_SPECS.map((m) => [m.key, newId()]));
  const idOfModel = (key: ModelKey): Uuid => {
    const id = modelIds.get(key);
    if (id === undefined) throw new Error(`demo model ${key} is not defined`);
    return id;
  };
  const models: HardwareModel[] = MODEL_SPECS.map((m) => ({
    id: idOfModel(m.key),
    manufacturer: m.manufacturer,
    name: m.name,
    category: m.category,
    powerWatts: m.powerWatts,
    rackUnits: m.rackUnits,
    listPrice: usd(m.listUsd),
    currency: DEMO_CURRENCY,
    releaseDate: monthsFromToday(m.released),
    endOfSale: monthsFromToday(m.endOfSale),
    endOfSupport: monthsFromToday(m.endOfSupport),
    successorId: m.successor === null ? null : idOfModel(m.successor),
    performance: DEMO_PERFORMANCE[m.key] ?? null,
    serialPattern: DEMO_SERIAL_PATTERNS[m.key] ?? '',
    storageBearing: STORAGE_BEARING_DEFAULT[m.category],
    countryOfOrigin: DEMO_PROVENANCE[m.key].origin,
    exportClassification: DEMO_PROVENANCE[m.key].eccn,
    hsCode: DEMO_PROVENANCE[m.key].hs,
    notes: m.notes,
    demo: true,
    createdAt: now,
    updatedAt: now,
  }));

  const sites: Site[] = SITE_SPECS.map((s) => ({
    id: newId(),
    code: s.code,
    name: s.name,
    // USD/kWh × 1000 kWh/MWh × 100 cents/USD.
    energyPricePerMwh: Math.round(s.kwhUsd * 100_000),
    currency: DEMO_CURRENCY,
    pue: s.pue,
    country: s.country,
    notes: s.notes,
    demo: true,
    createdAt: now,
    updatedAt: now,
  }));
  const siteIds = new Map<SiteCode, Uuid>(sites.map((s) => [s.code as SiteCode, s.id]));

  const suppliers: Supplier[] = SUPPLIER_SPECS.map((s) => ({ id: newId(), name: s.name, country: s.country, channel: s.channel, notes: s.notes, demo: true, createdAt: now, updatedAt: now }));
  const supplierIds = new Map<string, Uuid>(suppliers.map((s) => [s.name, s.id]));

  const specByKey = new Map<ModelKey, ModelSpec>(MODEL_SPECS.map((m) => [m.key, m]));
  const codeCounters = new Map<string, number>();
  let poCounter = 117;

  const lots: Lot[] = LOT_SPECS.map((spec): Lot => {
    const model = specByKey.get(spec.model);
    if (!model) throw new Error(`demo model ${spec.model} is not defined`);
    const { status } = spec;
    const planned = status === 'planned';

    const purchaseDate = addDays(addMonths(today, spec.bought), intBetween(-12, 12));
    const receivedDate = RECEIVED_OR_LATER.has(status)
      ? minDate(addDays(purchaseDate, LEAD_DAYS[model.category] + intBetween(0, 10)), today)
      : null;
    const inServiceDate =
      receivedDate !== null && IN_SERVICE_OR_LATER.has(status)
        ? minDate(addDays(receivedDate, BURN_IN_DAYS[model.category] + intBetween(0, 7)), today)
        : null;

    // Planned lots carry the budget (list price); bought ones a negotiated discount.
    const list = usd(model.listUsd);
    const unitCost = planned ? list : usd((list / 100) * (1 - between(0.08, 0.22)));
    const extraCosts = usd(((unitCost * spec.quantity) / 100) * between(0.01, 0.035));
    const salvageValue = usd((unitCost / 100) * between(0.05, 0.15));

    const year = dateParts(purchaseDate).year;
    const codeKey = `${model.prefix}-${year}`;
    const serial = (codeCounters.get(codeKey) ?? 0) + 1;
    codeCounters.set(codeKey, serial);

    let poNumber = '';
    if (!planned) {
      poNumber = `PO-${year}-${String(poCounter).padStart(4, '0')}`;
      poCounter += 13;
    }

    let disposition: Disposition | null = null;
    let disposedDate: IsoDate | null = null;
    let proceeds: number | null = null;
    if (status === 'disposed') {
      const d = spec.disposal;
      if (!d || inServiceDate === null) throw new Error(`demo lot ${codeKey} is disposed without a disposal`);
      disposition = d.disposition;
      disposedDate = maxDate(inServiceDate, addMonths(today, -d.monthsAgo));
      const perUnit = d.proceedsPerUnitUsd !== undefined ? usd(d.proceedsPerUnitUsd) : usd((unitCost / 100) * (d.proceedsShare ?? 0));
      proceeds = perUnit * spec.quantity;
    }

    return {
      id: newId(),
      code: `${codeKey}-${String(serial).padStart(2, '0')}`,
      modelId: idOfModel(spec.model),
      quantity: spec.quantity,
      unitCost,
      extraCosts,
      currency: DEMO_CURRENCY,
      purchaseDate,
      receivedDate,
      inServiceDate,
      // A planned buy has no site yet; an order knows where it will be delivered.
      siteId: planned ? null : (siteIds.get(spec.site) ?? null),
      supplierId: supplierIds.get(spec.supplier) ?? null,
      poNumber,
      warrantyEnd: planned ? null : addMonths(receivedDate ?? purchaseDate, WARRANTY_MONTHS[model.category]),
      salvageValue,
      powerWatts: spec.powerWatts ?? null,
      supportCostPerYear: usd(model.supportUsd),
      status,
      disposition,
      disposedDate,
      proceeds,
      replacementPlan: spec.replacementPlan ?? '',
      notes: spec.notes ?? '',
      tags: [...(spec.tags ?? [])],
      parentId: null,
      book: copyTemplate(policies[model.category].book),
      tax: copyTemplate(policies[model.category].tax),
      adjustments: [],
      depreciationChain: null,
      demo: true,
      createdAt: now,
      updatedAt: now,
    };
  });

  const observations = demoObservations(models, today, now, newId);
  // Rental prices (made last, so every other demo id stays as it was): what renting the same
  // capacity costs in a public cloud, for own-vs-rent.
  const seen = addMonths(today, -3);
  for (const model of models) {
    const key = MODEL_SPECS.find((m) => idOfModel(m.key) === model.id)?.key;
    const prices = key === undefined ? undefined : DEMO_RENTAL[key];
    if (prices === undefined) continue;
    model.rentalPrices = prices.map(([term, perHour]) => ({
      id: newId(), term, pricePerHour: Math.round(perHour * 100), currency: DEMO_CURRENCY, performancePerInstance: model.performance ?? 1, date: seen, source: 'Public cloud price list (demo)', demo: true,
    }));
  }
  return { models, sites, suppliers, lots, observations };
}

/** The demo's market prices (see DEMO_MARKET), from their own seed so the lots never change with them. */
function demoObservations(models: readonly HardwareModel[], today: IsoDate, now: Timestamp, newId: IdGenerator): MarketObservation[] {
  const random = seededRandom(0x0b5e7ed);
  const observations: MarketObservation[] = [];
  MODEL_SPECS.forEach((spec, i) => {
    const market = DEMO_MARKET[spec.key];
    const model = models[i];
    if (market === undefined || model === undefined || model.listPrice === null || model.releaseDate === null) return;
    const released = model.releaseDate;
    const from = maxDate(addDays(released, 30), addMonths(today, -36));
    const span = Math.max(1, daysBetween(from, addDays(today, -3)));
    for (let n = 0; n < market.count; n++) {
      const date = addDays(from, Math.floor(((n + random()) / market.count) * span));
      const ageYears = daysBetween(released, date) / 365.25;
      const condition = DEMO_CONDITIONS[Math.floor(random() * DEMO_CONDITIONS.length)] ?? 'used';
      // Box–Muller: normal scatter on log price, σ ≈ 0.14.
      const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.14;
      const price = model.listPrice * Math.exp(-market.k * ageYears + noise) * CONDITION_FACTOR_DEFAULTS[condition];
      const quantity = spec.category === 'drive' ? 10 * (1 + Math.floor(random() * 20)) : 1 + Math.floor(random() * 8);
      observations.push({
        id: newId(),
        modelId: model.id,
        date,
        // Brokers quote whole dollars.
        unitPrice: usd(price / 100),
        currency: DEMO_CURRENCY,
        condition,
        quantity,
        source: DEMO_SOURCES[Math.floor(random() * DEMO_SOURCES.length)] ?? 'Broker quote',
        note: 'Demo data',
        createdAt: now,
        demo: true,
      });
    }
  });
  return observations;
}
