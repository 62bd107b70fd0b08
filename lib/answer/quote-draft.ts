import type { SearchResult } from '../retrieval';
import type { Citation } from './events';
import { citationFor, type UsedSentence } from './generate';

/**
 * The quote as the asker reads it: each unit in quotation marks with its passage's number, numbered in the order
 * passages are first quoted; one citation per passage, quoting all of its units.
 */
export function quoteUnits(units: UsedSentence[], results: SearchResult[]): { body: string; citations: Citation[]; answerBody: string } {
  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  for (const unit of units) {
    if (numbers.has(unit.result)) continue;
    const n = citations.length + 1;
    numbers.set(unit.result, n);
    const quote = units
      .filter((other) => other.result === unit.result)
      .map((other) => other.text)
      .join(' ');
    citations.push(citationFor(results[unit.result]!, n, quote));
  }
  return {
    body: units.map((unit) => `“${unit.text}” [${numbers.get(unit.result)}]`).join('\n'),
    citations,
    answerBody: units.map((unit) => unit.text).join(' '),
  };
}
