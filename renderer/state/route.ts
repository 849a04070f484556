/**
 * Where the user is, kept in the URL hash so reload, back/forward and the browser build all
 * keep their place: #/lots, #/lots/<id>, #/pipeline, #/forecast, #/own-vs-rent, #/provenance, #/models, #/models/<id>/market, #/sites, #/suppliers, #/settings, #/conflicts,
 * #/shipment (the shipment certificate, reached from the palette and a lot's Units tab).
 */
import { create } from 'zustand';

export type Route =
  | { name: 'lots' }
  | { name: 'lot'; id: string }
  | { name: 'pipeline' }
  | { name: 'report' }
  | { name: 'forecast' }
  | { name: 'own-vs-rent' }
  | { name: 'provenance' }
  | { name: 'models' }
  | { name: 'model-market'; id: string }
  | { name: 'sites' }
  | { name: 'suppliers' }
  | { name: 'settings' }
  | { name: 'conflicts' }
  | { name: 'shipment' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/u, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  switch (first) {
    case 'lots':
      return second ? { name: 'lot', id: second } : { name: 'lots' };
    case 'models':
      return second && parts[2] === 'market' ? { name: 'model-market', id: second } : { name: 'models' };
    case 'pipeline':
    case 'report':
    case 'forecast':
    case 'own-vs-rent':
    case 'provenance':
    case 'sites':
    case 'suppliers':
    case 'settings':
    case 'conflicts':
    case 'shipment':
      return { name: first };
    default:
      return { name: 'lots' };
  }
}

export function routeHash(route: Route): string {
  if (route.name === 'lot') return `#/lots/${encodeURIComponent(route.id)}`;
  if (route.name === 'model-market') return `#/models/${encodeURIComponent(route.id)}/market`;
  return `#/${route.name}`;
}

interface RouteState {
  route: Route;
  navigate: (route: Route) => void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  navigate: (route) => {
    const hash = routeHash(route);
    if (location.hash !== hash) location.hash = hash;
    set({ route });
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useRoute.setState({ route: parseHash(location.hash) }));
}

export const navigate = (route: Route): void => useRoute.getState().navigate(route);
