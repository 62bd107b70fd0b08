import type { EscalationReason } from './events';
import type { SmalltalkKind } from './smalltalk';

// Docent's fixed sentences in the asker's language: English, German, French, Spanish, Chinese and
// Japanese. A question in any other language gets English. Written by us; a native speaker's
// review is welcome (the English ones are the reference).

export const REPLY_LANGUAGES = ['en', 'de', 'fr', 'es', 'zh', 'ja'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

export interface Phrasebook {
  /** Said before the sentences the offline answerer quotes. */
  quoting: string;
  /** Said before an answer a person reviewed. */
  reviewed: string;
  declined: string;
  personWillAnswer: string;
  reasons: Partial<Record<EscalationReason, string>>;
  indexing: (done: number, total: number) => string;
  openers: Record<SmalltalkKind, string>;
  invitation: string;
  comeBack: string;
}

const en: Phrasebook = {
  quoting: 'Quoting the documents:',
  reviewed: 'Reviewed answer:',
  declined:
    'I answer questions from your organisation’s documents, so that is not something I can help with. Ask me about a policy, a procedure or anything else in the knowledge base.',
  personWillAnswer: 'I can’t answer this reliably from the documents, so I’ve passed your question to a person. Their answer will appear here.',
  reasons: {
    sensitive: 'This is a question a person should answer, so I’ve passed it on. Their answer will appear here.',
    out_of_scope: 'That is outside what the knowledge base covers; I’ve passed your question to a person in case they can help. Their answer will appear here.',
    index_unavailable:
      'Search is temporarily unavailable. Your question has been recorded and passed to a person; their answer will appear here, or ask again in a few minutes.',
    model_unavailable: 'The answering model is not responding right now. Your question has been passed to a person; their answer will appear here.',
  },
  indexing: (done, total) =>
    `Indexing your documents (${done} of ${total})… I have not read all of them yet, so I can’t answer this reliably. Please ask again in a moment.`,
  openers: {
    greeting: 'Hello!',
    how_are_you: 'I’m doing well, thanks for asking.',
    who_are_you:
      'I’m Docent: I answer questions from your organisation’s documents and cite the passages I quote. When the documents don’t hold the answer, I pass the question to a person.',
    thanks: 'You’re welcome, glad I could help.',
    acknowledgement: 'Happy to help.',
    goodbye: 'Goodbye, and have a good day!',
  },
  invitation: 'Ask me about a policy, a procedure or anything else in your organisation’s documents.',
  comeBack: 'Come back any time you have a question.',
};

const de: Phrasebook = {
  quoting: 'Aus den Dokumenten zitiert:',
  reviewed: 'Geprüfte Antwort:',
  declined:
    'Ich beantworte Fragen aus den Dokumenten Ihrer Organisation, dabei kann ich also nicht helfen. Fragen Sie mich nach einer Richtlinie, einem Ablauf oder etwas anderem aus der Wissensbasis.',
  personWillAnswer:
    'Ich kann diese Frage aus den Dokumenten nicht zuverlässig beantworten und habe sie deshalb an eine Person weitergegeben. Die Antwort erscheint hier.',
  reasons: {
    sensitive: 'Diese Frage sollte eine Person beantworten, deshalb habe ich sie weitergegeben. Die Antwort erscheint hier.',
    out_of_scope: 'Das liegt außerhalb der Wissensbasis; ich habe Ihre Frage an eine Person weitergegeben, falls sie helfen kann. Die Antwort erscheint hier.',
    index_unavailable:
      'Die Suche ist vorübergehend nicht verfügbar. Ihre Frage wurde gespeichert und an eine Person weitergegeben; die Antwort erscheint hier, oder fragen Sie in ein paar Minuten noch einmal.',
    model_unavailable: 'Das Antwortmodell reagiert gerade nicht. Ihre Frage wurde an eine Person weitergegeben; die Antwort erscheint hier.',
  },
  indexing: (done, total) =>
    `Ihre Dokumente werden indexiert (${done} von ${total})… Ich habe noch nicht alle gelesen und kann das daher nicht zuverlässig beantworten. Bitte fragen Sie gleich noch einmal.`,
  openers: {
    greeting: 'Hallo!',
    how_are_you: 'Danke der Nachfrage, mir geht es gut.',
    who_are_you:
      'Ich bin Docent: Ich beantworte Fragen aus den Dokumenten Ihrer Organisation und gebe die zitierten Stellen an. Steht die Antwort nicht in den Dokumenten, gebe ich die Frage an eine Person weiter.',
    thanks: 'Gern geschehen, freut mich, dass ich helfen konnte.',
    acknowledgement: 'Gern geschehen.',
    goodbye: 'Auf Wiedersehen und einen schönen Tag!',
  },
  invitation: 'Fragen Sie mich nach einer Richtlinie, einem Ablauf oder etwas anderem aus den Dokumenten Ihrer Organisation.',
  comeBack: 'Kommen Sie jederzeit wieder, wenn Sie eine Frage haben.',
};

const fr: Phrasebook = {
  quoting: 'Extrait des documents :',
  reviewed: 'Réponse vérifiée :',
  declined:
    'Je réponds aux questions à partir des documents de votre organisation ; je ne peux donc pas vous aider sur ce point. Posez-moi une question sur une règle, une procédure ou tout autre sujet de la base de connaissances.',
  personWillAnswer:
    'Je ne peux pas répondre de façon fiable à partir des documents ; j’ai donc transmis votre question à une personne. Sa réponse apparaîtra ici.',
  reasons: {
    sensitive: 'Une personne doit répondre à cette question ; je la lui ai transmise. Sa réponse apparaîtra ici.',
    out_of_scope:
      'Cela sort du champ de la base de connaissances ; j’ai transmis votre question à une personne au cas où elle pourrait aider. Sa réponse apparaîtra ici.',
    index_unavailable:
      'La recherche est momentanément indisponible. Votre question a été enregistrée et transmise à une personne ; sa réponse apparaîtra ici, ou reposez-la dans quelques minutes.',
    model_unavailable: 'Le modèle de réponse ne répond pas pour le moment. Votre question a été transmise à une personne ; sa réponse apparaîtra ici.',
  },
  indexing: (done, total) =>
    `Indexation de vos documents (${done} sur ${total})… Je ne les ai pas encore tous lus et ne peux donc pas répondre de façon fiable. Veuillez reposer la question dans un instant.`,
  openers: {
    greeting: 'Bonjour !',
    how_are_you: 'Je vais bien, merci de demander.',
    who_are_you:
      'Je suis Docent : je réponds aux questions à partir des documents de votre organisation et je cite les passages utilisés. Quand les documents ne contiennent pas la réponse, je transmets la question à une personne.',
    thanks: 'Avec plaisir, ravi d’avoir pu aider.',
    acknowledgement: 'Avec plaisir.',
    goodbye: 'Au revoir et bonne journée !',
  },
  invitation: 'Posez-moi une question sur une règle, une procédure ou tout autre sujet des documents de votre organisation.',
  comeBack: 'Revenez quand vous voulez si vous avez une question.',
};

const es: Phrasebook = {
  quoting: 'Citando los documentos:',
  reviewed: 'Respuesta revisada:',
  declined:
    'Respondo preguntas a partir de los documentos de su organización, así que no puedo ayudar con eso. Pregúnteme por una norma, un procedimiento o cualquier otra cosa de la base de conocimiento.',
  personWillAnswer: 'No puedo responder esto de forma fiable con los documentos, así que he pasado su pregunta a una persona. Su respuesta aparecerá aquí.',
  reasons: {
    sensitive: 'Esta pregunta debe responderla una persona, así que se la he pasado. Su respuesta aparecerá aquí.',
    out_of_scope: 'Eso queda fuera de la base de conocimiento; he pasado su pregunta a una persona por si puede ayudar. Su respuesta aparecerá aquí.',
    index_unavailable:
      'La búsqueda no está disponible por el momento. Su pregunta se ha guardado y se ha pasado a una persona; su respuesta aparecerá aquí, o vuelva a preguntar en unos minutos.',
    model_unavailable: 'El modelo de respuestas no responde en este momento. Su pregunta se ha pasado a una persona; su respuesta aparecerá aquí.',
  },
  indexing: (done, total) =>
    `Indexando sus documentos (${done} de ${total})… Aún no los he leído todos, así que no puedo responder de forma fiable. Vuelva a preguntar en un momento.`,
  openers: {
    greeting: '¡Hola!',
    how_are_you: 'Estoy bien, gracias por preguntar.',
    who_are_you:
      'Soy Docent: respondo preguntas a partir de los documentos de su organización y cito los pasajes que uso. Cuando los documentos no tienen la respuesta, paso la pregunta a una persona.',
    thanks: 'De nada, me alegra haber ayudado.',
    acknowledgement: 'Con gusto.',
    goodbye: '¡Adiós y que tenga un buen día!',
  },
  invitation: 'Pregúnteme por una norma, un procedimiento o cualquier otra cosa de los documentos de su organización.',
  comeBack: 'Vuelva cuando tenga una pregunta.',
};

const zh: Phrasebook = {
  quoting: '引自文档：',
  reviewed: '经审核的答复：',
  declined: '我根据贵组织的文档回答问题，这个问题我帮不上忙。您可以问我有关规定、流程或知识库中其他内容的问题。',
  personWillAnswer: '我无法根据文档可靠地回答这个问题，已将您的问题转交给人工处理。答复将显示在这里。',
  reasons: {
    sensitive: '这个问题应由人工回答，我已将其转交。答复将显示在这里。',
    out_of_scope: '这超出了知识库的范围；我已将您的问题转交给人工，看看他们能否帮忙。答复将显示在这里。',
    index_unavailable: '搜索暂时不可用。您的问题已记录并转交给人工；答复将显示在这里，您也可以几分钟后再问。',
    model_unavailable: '回答模型暂时没有响应。您的问题已转交给人工；答复将显示在这里。',
  },
  indexing: (done, total) => `正在为您的文档建立索引（${done}/${total}）…… 我还没有读完所有文档，因此无法可靠地回答。请稍后再问。`,
  openers: {
    greeting: '您好！',
    how_are_you: '我很好，谢谢关心。',
    who_are_you: '我是 Docent：我根据贵组织的文档回答问题，并注明引用的段落。文档中没有答案时，我会把问题转交给人工。',
    thanks: '不客气，很高兴能帮上忙。',
    acknowledgement: '很乐意帮忙。',
    goodbye: '再见，祝您愉快！',
  },
  invitation: '您可以问我有关规定、流程或贵组织文档中其他内容的问题。',
  comeBack: '有问题随时再来。',
};

const ja: Phrasebook = {
  quoting: '文書からの引用：',
  reviewed: '確認済みの回答：',
  declined: '私は組織の文書に基づいて質問に答えるため、その件はお手伝いできません。規程や手続きなど、ナレッジベースの内容について質問してください。',
  personWillAnswer: '文書からは確実にお答えできないため、ご質問を担当者に引き継ぎました。回答はここに表示されます。',
  reasons: {
    sensitive: 'このご質問は担当者が答えるべきものなので、引き継ぎました。回答はここに表示されます。',
    out_of_scope: 'ナレッジベースの範囲外のため、お役に立てるかもしれない担当者にご質問を引き継ぎました。回答はここに表示されます。',
    index_unavailable: '検索が一時的に利用できません。ご質問は記録され、担当者に引き継がれました。回答はここに表示されます。数分後にもう一度お試しください。',
    model_unavailable: '回答モデルが現在応答していません。ご質問は担当者に引き継がれました。回答はここに表示されます。',
  },
  indexing: (done, total) =>
    `文書を索引付けしています（${done} / ${total}）… まだすべてを読んでいないため、確実にはお答えできません。少ししてからもう一度お尋ねください。`,
  openers: {
    greeting: 'こんにちは！',
    how_are_you: 'おかげさまで元気です。',
    who_are_you: '私は Docent です。組織の文書に基づいて質問に答え、引用した箇所を示します。文書に答えがない場合は、担当者に質問を引き継ぎます。',
    thanks: 'どういたしまして。お役に立ててうれしいです。',
    acknowledgement: 'どういたしまして。',
    goodbye: 'さようなら、良い一日を！',
  },
  invitation: '規程や手続きなど、組織の文書の内容について質問してください。',
  comeBack: 'ご質問があればいつでもどうぞ。',
};

const BOOKS: Record<ReplyLanguage, Phrasebook> = { en, de, fr, es, zh, ja };

/** The sentences for a question in `language` (ISO 639-1); English for the languages without a phrasebook. */
export function phrasebook(language: string | undefined): Phrasebook {
  return BOOKS[language as ReplyLanguage] ?? en;
}

/** Every phrasebook's quoting prefix: a reviewer editing a quoted answer removes whichever it starts with. */
export const QUOTING_PREFIXES = REPLY_LANGUAGES.map((language) => BOOKS[language].quoting);
