/** A random (v4) UUID. Ids are never auto-increment, so imports and (later) sync merge safely. */
export type Uuid = string;

/** Domain code never makes randomness itself: callers pass `crypto.randomUUID` or a test sequence. */
export type IdGenerator = () => Uuid;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/iu;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
