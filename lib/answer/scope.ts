import { embedderReads } from '../config';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { languageOf, loadLanguageDetectorFor, mayBeIn } from '../text/language';
import { cosine } from './evidence';
import { IN_SCOPE_EXAMPLES, OUT_OF_SCOPE_EXAMPLES } from './scope-examples';

// Declining a real question is the costly mistake (nobody answers it), escalating a joke the cheap
// one (a reviewer dismisses it). So a message is only out of scope when nothing in it points at
// the organisation and it reads clearly more like the out-of-scope examples than the in-scope ones.

/**
 * Words that tie a message to the workplace: with one of them it is a question for the documents,
 * whatever else it mentions ("is the office closed when it snows?", "can I claim a taxi in the rain?").
 */
const ORGANISATION = new RegExp(
  String.raw`\b(our|ours|we|company|companies|employer|organi[sz]ation|office|workplace|at work|for work|to work|from work|work (laptop|phone|email|computer|account|trip)|colleagues?|co-?workers?|manager|boss|team ?lead|department|staff|employees?|hr|people team|payroll|payday|payslips?|salary|salaries|pension|bonus|contract|polic(y|ies)|procedures?|process|rules?|handbook|guidelines?|allowance|stipend|expens\w*|reimburs\w*|per diem|claim\w*|leave|time off|vacation|annual holiday|public holidays?|sick|overtime|onboarding|new starters?|probation|desks?|badge|laptop|vpn|passwords?|mfa|log ?in|sign ?in|account|access|help ?desk|it support|service portal|intranet|sharepoint|shared drive|printers?|wi-?fi|customers?|clients?|suppliers?|vendors?|invoices?|orders?|(price |sales |customer |supplier )quot(e|es|ation|ations)|quot(e|es|ation|ations) (for|to)|warranty|products?|samples?|shipping|deliver(y|ies)|shifts?|workshop|warehouse|studio|site|building|floor|car park|parking|canteen|cafeteria|reception|visitors?|guests?|meeting rooms?|first aid\w*|fire alarm|evacuat\w*|safety|ppe|incidents?|injur(y|ies)|training|courses?|conferences?|approv\w*|budget|cost cent(re|er)|purchases?|dress code|trade fair|business (trip|travel|class)|travel desk|hotel|flights?|remote(ly)?|hybrid|working from|work from|sabbatical|resign\w*|notice period|benefits?|insurance|licen[cs]e|targets?|revenue|turnover|profits?|strateg(y|ies)|roadmaps?|okrs?|kpis?|shareholders?|annual report|headcount|board of directors)\b` +
    // Asking what one may do is asking about a rule.
    String.raw`|\b((can|may|could) (i|we)|am i|are we|is it) (allowed|permitted|supposed|entitled|required|expected|eligible)\b|\b(can|may) (i|we) (bring|take|use|claim|expense|book|fly|wear|park|leave|work|accept|share|install|get reimbursed)\b|\bdo (i|we) (need|have) (approval|permission|to (ask|tell|get|submit|book|report))\b`,
  'i',
);

/** Requests out of scope by their very nature; they lower the margin needed, and still yield to a workplace word. */
const OUT_OF_SCOPE_CUE =
  /\b(jokes?|poems?|poetry|haiku|limerick|lyrics|riddles?|recipes?|horoscope|star sign|lottery|weather forecast|flip a coin|roll a dic?e|python|javascript|typescript|java|css|html|sql|regex|bash|songs?|sang|singers?|albums?|chess|motivational|inspirational)\b/i;

export interface ScopeOptions {
  /** How much closer to the out-of-scope examples than to the in-scope ones a message must be. */
  margin: number;
  /** The margin when the message also names something out of scope by nature (a joke, the weather). */
  cueMargin: number;
  /** Below this similarity to every out-of-scope example, a message is never out of scope. */
  minSimilarity: number;
  /** The languages the embedder reads (DOCENT_DENSE_LANGUAGES): messages in others are never judged by the (English) examples. */
  languages: 'all' | readonly string[];
  /** The languages the index holds: asked of an English index, a message with nothing foreign in it is read without the language detector. Unknown: always with it. */
  indexLanguages?: () => readonly string[];
}

// Chosen on the development half of lib/evaluation/utterances.jsonl (npm run eval:classify).
export const DEFAULT_SCOPE_OPTIONS: ScopeOptions = { margin: 0.05, cueMargin: 0, minSimilarity: 0.4, languages: ['en'] };

export interface ScopeVerdict {
  outOfScope: boolean;
  reason: string;
  vector: Float32Array;
}

function nearest(vector: Float32Array, examples: Float32Array[], texts: string[]): { similarity: number; example: string } {
  let best = { similarity: -1, example: '' };
  examples.forEach((example, index) => {
    const similarity = cosine(vector, example);
    if (similarity > best.similarity) best = { similarity, example: texts[index]! };
  });
  return best;
}

type ExampleVectors = { outside: Float32Array[]; inside: Float32Array[] };
// Per embedder (a reindex brings a new one): every classifier on it shares the example vectors.
const exampleVectors = new WeakMap<EmbeddingScheduler, Promise<ExampleVectors>>();

/** Decides whether a message is a request no document could answer, by cue words and by meaning. */
export class ScopeJudge {
  constructor(
    private readonly scheduler: EmbeddingScheduler,
    private readonly options: ScopeOptions = DEFAULT_SCOPE_OPTIONS,
  ) {
    // Embedded now, so that the first message (or a fallback while the LLM times out) does not wait for them.
    this.exampleVectors().catch(() => undefined);
  }

  private exampleVectors(): Promise<ExampleVectors> {
    let vectors = exampleVectors.get(this.scheduler);
    if (!vectors) {
      vectors = this.scheduler.embed([...OUT_OF_SCOPE_EXAMPLES, ...IN_SCOPE_EXAMPLES]).then(
        (all) => ({ outside: all.slice(0, OUT_OF_SCOPE_EXAMPLES.length), inside: all.slice(OUT_OF_SCOPE_EXAMPLES.length) }),
        (error: unknown) => {
          // A failed load (embedder busy or restarting) is retried by the next message.
          exampleVectors.delete(this.scheduler);
          throw error;
        },
      );
      exampleVectors.set(this.scheduler, vectors);
    }
    return vectors;
  }

  async judge(text: string): Promise<ScopeVerdict> {
    // An English question the embedder cannot read (DOCENT_DENSE_LANGUAGES without English) is weighed by the detector's scores.
    const { languages } = this.options;
    const indexed = embedderReads({ denseLanguages: languages }, 'en') ? this.options.indexLanguages?.() : undefined;
    const [[vector], { outside, inside }] = await Promise.all([this.scheduler.embed([text]), this.exampleVectors(), loadLanguageDetectorFor([text], indexed)]);
    const workplace = ORGANISATION.exec(text);
    if (workplace) return { outOfScope: false, reason: `mentions "${workplace[0]}"`, vector: vector! };
    // The examples and cue words are English, compared by an embedder that may read English only:
    // in another language their nearness means nothing (70% of XQuAD's Chinese questions looked like trivia).
    if (!mayBeIn(text, languages, indexed)) {
      return { outOfScope: false, reason: `written in ${languageOf(text, undefined, indexed)}, which the scope examples cannot judge`, vector: vector! };
    }
    const out = nearest(vector!, outside, OUT_OF_SCOPE_EXAMPLES);
    const within = nearest(vector!, inside, IN_SCOPE_EXAMPLES);
    const margin = OUT_OF_SCOPE_CUE.test(text) ? this.options.cueMargin : this.options.margin;
    const outOfScope = out.similarity >= this.options.minSimilarity && out.similarity - within.similarity >= margin;
    const reason = `closest out-of-scope example "${out.example}" (${out.similarity.toFixed(2)}), in-scope "${within.example}" (${within.similarity.toFixed(2)})`;
    return { outOfScope, reason, vector: vector! };
  }
}
