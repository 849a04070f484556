// Gives every test file a real-enough IndexedDB (Dexie needs it) without a browser.
import 'fake-indexeddb/auto';
