/**
 * The fleet forecast (book vs market per lot per month, refresh recommendation), computed once
 * per change of the fleet or the market prices and shared by the views that show it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { DEFAULT_HORIZON_MONTHS, fleetForecast, type FleetForecast, type LotForecast } from '../../../shared/forecast/fleetForecast';
import type { MarketObservation } from '../../../shared/market';
import { db } from '../../db/db';
import type { Fleet } from '../../db/queries';

export function useMarketObservations(): MarketObservation[] | undefined {
  return useLiveQuery(() => db.marketObservations.toArray(), []);
}

export interface ForecastState {
  forecast: FleetForecast | null;
  byLot: Map<string, LotForecast>;
  error: string | null;
}

export function useFleetForecast(fleet: Fleet, fiscalYearStart: number, asOf: string, horizonMonths = DEFAULT_HORIZON_MONTHS): ForecastState | undefined {
  const observations = useMarketObservations();
  return useMemo(() => {
    if (!observations) return undefined;
    const r = fleetForecast({ lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, asOf, horizonMonths, fiscalYearStartMonth: fiscalYearStart });
    if (!r.ok) return { forecast: null, byLot: new Map(), error: r.error };
    return { forecast: r.value, byLot: new Map(r.value.lots.map((l) => [l.lotId, l])), error: null };
  }, [fleet.lots, fleet.models, fleet.sites, observations, fiscalYearStart, asOf, horizonMonths]);
}
