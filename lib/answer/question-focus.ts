import { readAsEnglish } from '../text/language';
import { splitIntoSentences } from '../text/sentences';
import { tokenize } from '../text/tokenize';

// How much a word of the situation counts against a word of the question itself.
const SITUATION_WEIGHT = 0.5;
// The share of the question's weight its asking sentence must name for the situation to be only that: "Could you tell
// me about it?" names "tell" and "about", common words that say nothing of what is asked.
const OWN_SHARE = 0.4;

/**
 * The question's IDF weights with the words of the situation told before it weighing less: "A colleague is out with a
 * medical emergency. How do I donate some of my annual leave to them?" asks how to donate leave, and the steps to
 * withdraw from the leave programme "when your medical emergency is resolved" repeat more of its words than the donation
 * steps do. Only when the question sentence names enough of its own: in "…heard about co-op training. Could
 * you tell me about it?" or "…is undefined in the browser. Why?", the situation is what is asked about. Words after the
 * question, or carried from an earlier one, keep their weight.
 */
export function focusWeights(question: string, named: string[], idf: Map<string, number>, language?: string): Map<string, number> {
  if (!readAsEnglish(language)) return idf;
  // ICU's sentences: "How do I book travel to the U.S. for the conference?" is one.
  const sentences = splitIntoSentences(question, language);
  const at = sentences.findLastIndex((sentence) => sentence.endsWith('?'));
  if (at < 1) return idf;
  const wanted = new Set(named);
  const own = new Set(tokenize(sentences[at]!, language).filter((term) => wanted.has(term)));
  const told = new Set(tokenize(sentences.slice(0, at).join(' '), language).filter((term) => wanted.has(term) && !own.has(term)));
  const weightOf = (terms: Iterable<string>) => [...terms].reduce((sum, term) => sum + (idf.get(term) ?? 0), 0);
  if (told.size === 0 || own.size < 2 || weightOf(own) < OWN_SHARE * weightOf(wanted)) return idf;
  const weights = new Map(idf);
  for (const term of told) if (weights.has(term)) weights.set(term, weights.get(term)! * SITUATION_WEIGHT);
  return weights;
}
