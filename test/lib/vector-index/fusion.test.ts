import { describe, expect, it } from 'vitest';
import { fuse } from '../../../lib/vector-index/fusion';

describe('fuse', () => {
  it('ranks as the lexical side does when the dense side weighs nothing, the last lexical candidate included', () => {
    // Min-max gives the weakest lexical candidate ("z") 0, as it gives every candidate only the dense side found: it must
    // still come before them ("a" sorts first by id), or a language the embedder cannot read loses its fifth result.
    const lexical = new Map([
      ['m', 7.5],
      ['k', 3.1],
      ['z', 1.2],
    ]);
    const dense = new Map([
      ['a', 0.9],
      ['b', 0.8],
      ['m', 0.1],
      ['k', 0.2],
      ['z', 0.3],
    ]);
    const order = fuse(lexical, dense, { fusion: 'score', denseWeight: 0, rrfK: 60 }).map((item) => item.id);
    expect(order).toEqual(['m', 'k', 'z', 'a', 'b']);
  });

  it('still lets a weighed dense side lift a candidate the lexical side ranked low', () => {
    const lexical = new Map([
      ['m', 7.5],
      ['z', 1.2],
    ]);
    const dense = new Map([
      ['a', 0.9],
      ['m', 0.1],
      ['z', 0.2],
    ]);
    const order = fuse(lexical, dense, { fusion: 'score', denseWeight: 0.5, rrfK: 60 }).map((item) => item.id);
    expect(order).toEqual(['m', 'a', 'z']);
  });
});
