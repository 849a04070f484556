/**
 * What the fleet forecast is computed from, read from the ledger: every lot, the catalogue
 * (models with successors, performance and power; sites with energy price and PUE), the market
 * prices, and the team's fiscal year. The app's *Forecast & refresh* view builds the same input
 * from the same tables (renderer/features/finance/ForecastView.tsx); `fleetledger forecast
 * --ledger` builds it from a backup here, and test/cli/forecastLedger.test.ts checks that both
 * give the same refresh months.
 */
import { DEFAULT_HORIZON_MONTHS, DEFAULT_INTEREST_RATE, type FleetForecastInput } from '../forecast/fleetForecast';
import type { IsoDate } from '../dates';
import type { LedgerSnapshot } from './fold';

/** The scenario: what the view's inputs (or the command line's options) set. */
export interface ForecastScenario {
  asOf: IsoDate;
  /** Default DEFAULT_HORIZON_MONTHS, as the view opens. */
  horizonMonths?: number;
  /** Default: the team's fiscal year start. */
  fiscalYearStartMonth?: number;
  /** Default DEFAULT_INTEREST_RATE (the view's 8 %). */
  interestRate?: number;
  /** Minor units per MWh of the team's base currency, for the sites of lots in it; default none (each site's own price). */
  energyPricePerMwhOverride?: number | null;
  /** Default none. */
  holdUntilAgeMonths?: number | null;
}

export function forecastInputFromLedger(ledger: Pick<LedgerSnapshot, 'lots' | 'models' | 'sites' | 'observations' | 'settings'>, scenario: ForecastScenario): FleetForecastInput {
  return {
    lots: ledger.lots,
    models: ledger.models,
    sites: ledger.sites,
    observations: ledger.observations,
    asOf: scenario.asOf,
    horizonMonths: scenario.horizonMonths ?? DEFAULT_HORIZON_MONTHS,
    fiscalYearStartMonth: scenario.fiscalYearStartMonth ?? ledger.settings.fiscalYearStart,
    interestRate: scenario.interestRate ?? DEFAULT_INTEREST_RATE,
    energyPricePerMwhOverride: scenario.energyPricePerMwhOverride ?? null,
    energyPriceOverrideCurrency: ledger.settings.baseCurrency,
    holdUntilAgeMonths: scenario.holdUntilAgeMonths ?? null,
  };
}
