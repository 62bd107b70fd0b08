/**
 * Topics that always go to a person, whatever the retrieval finds (DOCENT_SENSITIVE_PATTERNS adds
 * more). They err towards matching: a question sent to a person by mistake costs a reviewer a
 * minute; a threat or a cry for help answered by a quote from the handbook costs far more.
 * Common misspellings ("harrassment") and inflections are part of each pattern.
 */
export const DEFAULT_SENSITIVE_PATTERNS: Record<string, string> = {
  'legal threat': String.raw`\b(lawyers?|attorneys?|solicitors?|barristers?|law ?suits?|sue|sued|suing|legal (action|advice|proceedings|claim|case|steps)|litigat\w*|take (you|this|them|it|the company|my employer) to (court|a tribunal)|employment tribunal)\b`,
  'account deletion': String.raw`\b(delete|close|remove|cancel|deactivate|terminate|erase)\s+(my|our)\s+(\w+\s+)?(account|profile|user|login)\b`,
  'personal data request': String.raw`\b(gdpr|personal (data|information|details) (you|the company) (hold|have|keep|store)|personal data|data subject|subject access|right to (be forgotten|erasure)|(erase|delete|export|copy of) (all )?(of )?my (personal )?(data|information|info)|(hold|store|keep|have|collect|process)(ing)? (about|on) me)\b`,
  'harassment or discrimination': String.raw`\b(har+as+\w*|discriminat\w*|bull(y|ies|ied|ying)|sexual(ly)? (assault\w*|harass\w*|comments?|advances?|misconduct)|assault(ed)?|grop(e|ed|es|ing)|racis[mt]\w*|sexis[mt]\w*|homophob\w*|inappropriate(ly)? touch\w*|touched me)\b`,
  'self-harm': String.raw`\b(suicid\w*|self[- ]?harm\w*|kill(ing)? myself|hurt(ing)? myself|harm(ing)? myself|cutting myself|end (it all|my life)|(don'?t|do not) want to (live|be alive|be here)( anymore)?|want(ed)? to die|wanna die)\b`,
};
