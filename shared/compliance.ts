/**
 * Provenance and trade compliance (issue 13; PRODUCT.md "Provenance and trade compliance"): the
 * codes the catalogue records — a model's country of origin, export classification and HS code,
 * a site's country — and their checks. Fleetledger records and flags against the team's own
 * policy; it does not claim to know the law, so nothing here names a country or a classification
 * as restricted.
 */

/** ISO 3166-1 alpha-2: every officially assigned code (249). */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
  'DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ ' +
  'OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const COUNTRIES = new Set(COUNTRY_CODES);

export function isCountryCode(text: string): boolean {
  return COUNTRIES.has(text);
}

/** A country as typed ("de", " DE ") as its code, or null when it is not one. */
export function parseCountryCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return isCountryCode(code) ? code : null;
}

/**
 * Export Control Classification Numbers as the US Commerce Control List writes them: a digit
 * (category), a letter A–E (product group), three digits, then optional sub-paragraphs
 * (`3A090`, `4A090.a`, `5A992.c`, `3A001.b.4.a`); or `EAR99`.
 */
const ECCN = /^(?:EAR99|[0-9][A-E][0-9]{3}(?:\.[a-z0-9]{1,3})*)$/u;

/** A classification as typed ("4a090.A", " ear99 ") in its written form, or null when it is not one. */
export function parseEccn(text: string): string | null {
  const t = text.trim();
  const [base = '', ...rest] = t.split('.');
  const written = [base.toUpperCase(), ...rest.map((p) => p.toLowerCase())].join('.');
  return ECCN.test(written) ? written : null;
}

export function isEccn(text: string): boolean {
  return ECCN.test(text);
}

/**
 * Harmonized System code: 4 digits of heading, 2 of subheading, up to 4 more national digits (6
 * to 10 in all); single dots allowed between digits (`8471.50`, `847150`, `8471.50.000`,
 * `8471.50.01.00`).
 */
export function isHsCode(text: string): boolean {
  return /^\d+(?:\.\d+)*$/u.test(text) && /^\d{6,10}$/u.test(text.replaceAll('.', '')) && /^\d{4}/u.test(text);
}

/** Two HS codes that are the same digits, however dotted. */
export function sameHsCode(a: string, b: string): boolean {
  return a.replaceAll('.', '') === b.replaceAll('.', '');
}

/** What is wrong with a model's provenance fields, per field; empty when they are whole. */
export function modelProvenanceProblems(m: { countryOfOrigin?: string | null; exportClassification?: string; hsCode?: string }): { countryOfOrigin?: string; exportClassification?: string; hsCode?: string } {
  const e: { countryOfOrigin?: string; exportClassification?: string; hsCode?: string } = {};
  if (m.countryOfOrigin !== undefined && m.countryOfOrigin !== null && !isCountryCode(m.countryOfOrigin)) e.countryOfOrigin = 'Country of origin is a two-letter ISO 3166 code, e.g. TW or US, or empty.';
  if (m.exportClassification !== undefined && m.exportClassification !== '' && !isEccn(m.exportClassification)) e.exportClassification = 'Export classification is an ECCN such as 3A090, 4A090.a or 5A992.c, or EAR99, or empty.';
  if (m.hsCode !== undefined && m.hsCode !== '' && !isHsCode(m.hsCode)) e.hsCode = 'HS code is 6 to 10 digits, dots allowed, e.g. 8471.50, or empty.';
  return e;
}

// ---- The team's policy -------------------------------------------------------------------------

/**
 * The team's compliance policy (Settings → Compliance; a team setting, so it syncs). Empty lists
 * mean no policy: nothing is flagged and no move needs a licence.
 */
export interface CompliancePolicy {
  /** Countries of origin the team trusts; a model made elsewhere (or of unknown origin) is flagged when the list is not empty. */
  trustedOrigins: string[];
  /** Export classifications whose transfer needs a licence; an ECCN covers its sub-paragraphs (4A090 covers 4A090.a). */
  licenceClassifications: string[];
  /** Countries a transfer to needs no licence, whatever the classification. */
  licenceFreeDestinations: string[];
}

export const EMPTY_COMPLIANCE_POLICY: Readonly<CompliancePolicy> = { trustedOrigins: [], licenceClassifications: [], licenceFreeDestinations: [] };

const isList = (v: unknown, check: (s: string) => boolean): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && check(x)) && new Set(v).size === v.length;

export function isCompliancePolicy(v: unknown): v is CompliancePolicy {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = v as Record<string, unknown>;
  return isList(p.trustedOrigins, isCountryCode) && isList(p.licenceClassifications, isEccn) && isList(p.licenceFreeDestinations, isCountryCode) && Object.keys(p).length === 3;
}

/** Why a model's origin is flagged under the policy, in words; null when it is not (or there is no origin policy). */
export function originFlag(model: { countryOfOrigin?: string | null } | undefined, policy: CompliancePolicy): string | null {
  if (policy.trustedOrigins.length === 0) return null;
  const origin = model?.countryOfOrigin ?? null;
  if (origin === null) return 'country of origin not recorded';
  return policy.trustedOrigins.includes(origin) ? null : `origin ${origin} is not among the trusted origins`;
}

/** The listed classification that covers `classification` (itself, or a parent paragraph), or null. */
export function licenceClassificationOf(classification: string, policy: CompliancePolicy): string | null {
  return policy.licenceClassifications.find((c) => classification === c || classification.startsWith(`${c}.`)) ?? null;
}

/** A recorded transfer in words: "NL → US (to the buyer), 4A090.a: licence BIS-7". */
export function describeTransfer(t: { from: string; to: string; classification: string | null; licenceReference: string | null; toBuyer: boolean }): string {
  const judged = t.licenceReference !== null ? `licence ${t.licenceReference}` : t.classification === null ? 'classification not recorded, so not judged' : 'no licence needed under the policy';
  return `${t.from} → ${t.to}${t.toBuyer ? ' (to the buyer)' : ''}${t.classification ? `, ${t.classification}` : ''}: ${judged}`;
}

/** A move that needs a licence: what it moves, from where to where, and why, in words. */
export interface TransferLicenceNeed {
  classification: string;
  listed: string;
  from: string;
  to: string;
  message: string;
}

/**
 * Whether moving hardware of `classification` from a place in country `from` to one in country
 * `to` needs a licence reference under the policy: when the two countries differ (a transfer),
 * the classification is one the policy lists, and the destination is not licence-free. An
 * unknown country or classification concludes nothing (null), and the README says so.
 */
export function transferLicenceNeed(classification: string | undefined, from: string | null | undefined, to: string | null | undefined, policy: CompliancePolicy): TransferLicenceNeed | null {
  if (!classification || !from || !to || from === to) return null;
  const listed = licenceClassificationOf(classification, policy);
  if (listed === null || policy.licenceFreeDestinations.includes(to)) return null;
  const free = policy.licenceFreeDestinations.length === 0 ? 'any country' : `any country but ${policy.licenceFreeDestinations.join(', ')}`;
  return {
    classification,
    listed,
    from,
    to,
    message: `Moving ${classification} hardware from ${from} to ${to} is a transfer that needs a licence under the team’s policy (${listed} needs one to ${free}): give the licence reference.`,
  };
}

/**
 * What the team's policy says of a transfer about to be made, in words (the Move dialog): the
 * licence it needs; that it cannot be judged, when the policy has licence rules and the model's
 * classification is not recorded (as {@link describeTransfer} records it); else that none is needed.
 */
export function transferVerdict(t: { classification: string | null }, need: TransferLicenceNeed | null, policy: CompliancePolicy): string {
  if (need !== null) return need.message;
  if (t.classification === null && policy.licenceClassifications.length > 0) {
    return 'Its model’s export classification is not recorded, so the team’s policy cannot judge whether it needs a licence: record the classification in Models. A licence reference given is recorded.';
  }
  return 'The team’s policy needs no licence for it; a licence reference given is recorded.';
}
