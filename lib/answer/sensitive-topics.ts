/** Topics that always go to a person, whatever the retrieval finds (DOCENT_SENSITIVE_PATTERNS adds more). */
export const DEFAULT_SENSITIVE_PATTERNS: Record<string, string> = {
  'legal threat': String.raw`\b(lawyers?|attorneys?|lawsuits?|sue|suing|legal action|litigation|take (you|this) to court)\b`,
  'account deletion': String.raw`\b(delete|close|remove|cancel|deactivate)\s+(my|our)\s+(account|profile|user)\b`,
  'personal data request': String.raw`\b(gdpr|personal data|data subject|right to (be forgotten|erasure)|(erase|delete|export|copy of) (all )?my (personal )?(data|information))\b`,
  'harassment or discrimination': String.raw`\b(harass(ed|ment|ing)?|discriminat(ed|ion|ing)|bull(ied|ying)|sexual(ly)? assault(ed)?)\b`,
  'self-harm': String.raw`\b(suicid(e|al)|self[- ]harm|kill myself|hurt myself)\b`,
};
