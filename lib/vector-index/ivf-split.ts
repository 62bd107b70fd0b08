import { dot, normalized } from './vector-math';

// Two-way k-means over unit vectors (cosine), used to split an IVF list that grew too long.

const ITERATIONS = 6;

function centroidOf(vectors: Float32Array[], sides: Uint8Array, side: number, dimension: number): Float32Array | null {
  const sum = new Float32Array(dimension);
  let count = 0;
  vectors.forEach((vector, index) => {
    if (sides[index] !== side) return;
    count += 1;
    for (let i = 0; i < dimension; i++) sum[i]! += vector[i]!;
  });
  return count ? normalized(sum) : null;
}

export interface Split {
  centroids: [Float32Array, Float32Array];
  /** 0 or 1 per input vector: the side it went to. */
  sides: Uint8Array;
}

/**
 * Splits unit vectors in two by spherical k-means. The seeds are deterministic (the vector farthest
 * from the mean, then the one farthest from it), so two processes splitting the same list agree.
 * Returns null when the vectors cannot be told apart (all duplicates): the list then stays whole.
 */
export function splitInTwo(vectors: Float32Array[]): Split | null {
  if (vectors.length < 2) return null;
  const dimension = vectors[0]!.length;
  const mean = centroidOf(vectors, new Uint8Array(vectors.length), 0, dimension)!;
  const farthest = (from: Float32Array) => vectors.reduce((best, vector, index) => (dot(vector, from) < dot(vectors[best]!, from) ? index : best), 0);
  const first = farthest(mean);
  const second = farthest(vectors[first]!);
  let centroids: [Float32Array, Float32Array] = [vectors[first]!, vectors[second]!];
  if (dot(centroids[0], centroids[1]) > 0.999999) return null;
  const sides = new Uint8Array(vectors.length);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    let moved = 0;
    vectors.forEach((vector, index) => {
      const side = dot(vector, centroids[1]) > dot(vector, centroids[0]) ? 1 : 0;
      if (side !== sides[index]) moved += 1;
      sides[index] = side;
    });
    const a = centroidOf(vectors, sides, 0, dimension);
    const b = centroidOf(vectors, sides, 1, dimension);
    if (!a || !b) return null;
    centroids = [a, b];
    if (iteration > 0 && moved === 0) break;
  }
  return { centroids, sides };
}
