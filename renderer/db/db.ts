/** The app's one open database. Tests make their own `FleetDb` with a unique name instead. */
import { FleetDb } from './database';

export const db = new FleetDb();
