/**
 * The team's settings: shared data, so every change is an event (`settings-changed`) and a
 * backup or a synced device carries them. Personal and device settings (theme, your name, the
 * device id) are not here and never become events (LEDGER.md §1).
 */
import { DEFAULT_CHECKLISTS, isChecklists, type Checklists } from '../checklists';
import type { Category } from '../catalog';
import { DEFAULT_CATEGORY_POLICIES, type CategoryPolicies } from '../depreciation/policies';
import { isCategoryPolicies } from '../depreciation/templates';
import { isCurrencyCode } from '../money';
import { EMPTY_COMPLIANCE_POLICY, isCompliancePolicy, type CompliancePolicy } from '../compliance';
import { isCategoryRentalPrices, type CategoryRentalPrices } from '../ownVsRent';
import { isUtilisationPercent } from '../utilisation';
import { sameJsonValue } from './canonicalJson';

export interface TeamSettings {
  /** What backups are named after (`<ledgerName>-<date>.fleetledger`) and the title shows. */
  ledgerName: string;
  /** Currency reports convert to and new lots default to. */
  baseCurrency: string;
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStart: number;
  /** Depreciation templates (book and tax) new lots of each category start with. */
  policyTemplates: Record<Category, CategoryPolicies>;
  /** What a move into each status asks the technician to confirm (shared/checklists.ts). */
  checklists: Checklists;
  /**
   * Own vs rent: the utilisation (percent) taken for a lot's month where none is recorded
   * (shared/utilisation.ts), always shown as "assumed".
   */
  assumedUtilisationPercent: number;
  /** Own vs rent: rental prices for a whole category (shared/ownVsRent.ts), beside the models' own books. */
  categoryRentalPrices: CategoryRentalPrices;
  /** Provenance and trade compliance (shared/compliance.ts): trusted origins, classifications needing a licence to move abroad. */
  compliancePolicy: CompliancePolicy;
}
export type TeamSettingKey = keyof TeamSettings;

export const TEAM_SETTING_KEYS: readonly TeamSettingKey[] = ['ledgerName', 'baseCurrency', 'fiscalYearStart', 'policyTemplates', 'checklists', 'assumedUtilisationPercent', 'categoryRentalPrices', 'compliancePolicy'];

export const DEFAULT_TEAM_SETTINGS: Readonly<TeamSettings> = {
  ledgerName: 'Fleetledger',
  baseCurrency: 'USD',
  fiscalYearStart: 1,
  policyTemplates: DEFAULT_CATEGORY_POLICIES,
  checklists: DEFAULT_CHECKLISTS,
  assumedUtilisationPercent: 70,
  categoryRentalPrices: {},
  compliancePolicy: EMPTY_COMPLIANCE_POLICY,
};

export const MAX_LEDGER_NAME_LENGTH = 80;

export const TEAM_SETTING_CHECKS: { readonly [K in TeamSettingKey]: (value: unknown) => value is TeamSettings[K] } = {
  ledgerName: (v): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_LEDGER_NAME_LENGTH && !/\p{Cc}/u.test(v),
  baseCurrency: (v): v is string => typeof v === 'string' && isCurrencyCode(v),
  fiscalYearStart: (v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 12,
  policyTemplates: isCategoryPolicies,
  checklists: isChecklists,
  assumedUtilisationPercent: isUtilisationPercent,
  categoryRentalPrices: isCategoryRentalPrices,
  compliancePolicy: isCompliancePolicy,
};

export function isTeamSettingKey(key: string): key is TeamSettingKey {
  return (TEAM_SETTING_KEYS as readonly string[]).includes(key);
}

/** The id the team settings' events are filed under (their "entity"). */
export const TEAM_SETTINGS_ENTITY_ID = 'team-settings';

/** Settings as stored or received, each invalid or missing one replaced by its default. */
export function teamSettingsFrom(values: Readonly<Record<string, unknown>>): TeamSettings {
  const out = { ...DEFAULT_TEAM_SETTINGS };
  for (const key of TEAM_SETTING_KEYS) assign(out, key, values[key]);
  return out;
}

function assign<K extends TeamSettingKey>(target: TeamSettings, key: K, value: unknown): void {
  if (TEAM_SETTING_CHECKS[key](value)) target[key] = value;
}

/** A file-name-safe form of the ledger name for backups: letters, digits, dot, dash, underscore. */
export function ledgerFileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^A-Za-z0-9._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/gu, '')
    .slice(0, 60);
  return stem === '' ? 'fleetledger' : stem;
}

/**
 * Settings that hold one entry per category, per move-target status or per list, each edited on
 * its own in Settings (a category's templates, a status's checklist, a category's rental prices,
 * one list of the compliance policy), though an event carries the whole value.
 */
export const KEYED_TEAM_SETTINGS: ReadonlySet<TeamSettingKey> = new Set<TeamSettingKey>(['policyTemplates', 'checklists', 'categoryRentalPrices', 'compliancePolicy']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The entries of a keyed setting that a `settings-changed` event changed, from its own before and
 * after (null: not a keyed setting, or the event does not say what it had before, so it replaces the value whole).
 */
export function changedSettingEntries(key: string, before: unknown, after: unknown): string[] | null {
  if (!isTeamSettingKey(key) || !KEYED_TEAM_SETTINGS.has(key) || !isRecord(before) || !isRecord(after)) return null;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !sameJsonValue(before[k], after[k])).sort();
}

/**
 * A team setting once a `settings-changed` event is applied to it: the event's value, as its author
 * saw the setting. Where the setting has changed meanwhile on another device (it is no longer what
 * the event says it was before), a keyed setting takes only the entries the event changed, so two
 * devices that changed different categories' templates, or different statuses' checklists, both
 * stand (two devices changing the same entry: the later holds, and it is a conflict). For the
 * events of one device the value is the event's, exactly as before.
 */
export function appliedTeamSetting(key: TeamSettingKey, current: unknown, before: unknown, after: unknown): unknown {
  const changed = changedSettingEntries(key, before, after);
  if (changed === null || !isRecord(current) || !isRecord(after) || sameJsonValue(current, before)) return after;
  const merged: Record<string, unknown> = { ...current };
  for (const entry of changed) {
    if (after[entry] === undefined) delete merged[entry];
    else merged[entry] = after[entry];
  }
  return TEAM_SETTING_CHECKS[key](merged) ? merged : after;
}
