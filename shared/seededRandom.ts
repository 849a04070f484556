/**
 * mulberry32: a tiny, fast, seedable PRNG. The same seed gives the same sequence on every run
 * and machine, so the demo fleet and the benchmarks' fleets vary without depending on the clock.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
