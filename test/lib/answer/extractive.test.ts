import { describe, expect, it } from 'vitest';
import { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { ExtractiveAnswerer } from '../../../lib/answer/extractive';
import { answerFit } from '../../../lib/answer/question-type';
import { focusWeights } from '../../../lib/answer/question-focus';
import { asks, columnAsked } from '../../../lib/answer/unit-traits';
import { answerUnits } from '../../../lib/answer/units';
import type { SearchResult } from '../../../lib/retrieval';
import { tokenize } from '../../../lib/text/tokenize';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { searchResult } from '../../helpers/search-result';

// The offline answerer on one literal passage, with a bag-of-words embedder, so that what it quotes
// follows from its rules rather than from a model.

const scheduler = new EmbeddingScheduler(new FakeEmbedder(), { batchSize: 16, concurrency: 2, retries: 0, timeoutMs: 5000 });
const answerer = new ExtractiveAnswerer(scheduler);

const result = (text: string) => searchResult(text, { path: 'handbook/terms.md', title: 'Term renewals', heading: 'Term renewals' });

async function draftFrom(question: string, results: SearchResult[], language = 'en') {
  const terms = tokenize(question, language);
  const [questionVector] = await scheduler.embed([question]);
  return answerer.draft({ question, language, terms, idf: new Map(terms.map((term) => [term, 1])), questionVector: questionVector!, results });
}

const draftFor = (question: string, passage: string) => draftFrom(question, [result(passage)]);

describe('extractive answerer', () => {
  it('quotes what a sentence announces in the rest of its paragraph, once', async () => {
    // doc2dial's pages lost their list markup: the requirements run on after the sentence that announces them.
    const passage = [
      'You can take part in the work-study program if you meet all of the requirements listed below.',
      'All of these must be true.',
      'You: Are enrolled at least three-quarter time in a degree program, and Have found an open job at a nearby office.',
    ].join(' ');
    const draft = await draftFor('Who can take part in the work-study program?', passage);
    expect(draft.answerBody).toContain('Are enrolled at least three-quarter time');
    expect(draft.answerBody.split('All of these must be true').length).toBe(2);
    expect(draft.checks?.complete).toBe(1);
  });

  it("quotes a sentence further into a section after the section's first sentence that names what is asked about", async () => {
    const passage = [
      'You can reset a forgotten or expired password yourself through the self-service portal.',
      'The help desk is staffed from 8:00 to 18:00.',
      'If the portal refuses your request, contact the help desk, who will verify your identity on a video call.',
    ].join(' ');
    const draft = await draftFor('What if the portal refuses my request?', passage);
    expect(draft.sentences.map((sentence) => sentence.text.slice(0, 16))).toEqual(['You can reset a ', 'If the portal re']);
    expect(draft.citations).toHaveLength(1);
    // What a "how long" question asks comes first, alone.
    const timed = [
      'You can reset your password yourself through the self-service portal.',
      'The portal is open around the clock.',
      'A reset takes effect within 5 minutes on every device you use.',
    ].join(' ');
    const duration = await draftFor('How long does a reset take?', timed);
    expect(duration.answerBody).toBe('A reset takes effect within 5 minutes on every device you use.');
  });

  it('does not open a quote with a fragment, a sentence that names nothing asked about, or one announcing a list', async () => {
    const answer = 'If your school closed while you were enrolled, you may qualify for a discharge of your federal student loans.';
    const passage = [
      'lawsuit against the school and what it means for your federal student loans.',
      'Our mission is to deliver services that meet the changing needs of the public.',
      answer,
    ].join(' ');
    const draft = await draftFor('What happens to my federal student loans if my school closed?', passage);
    expect(draft.answerBody).toBe(answer);
    // Quoted before the answer, it would come without the list it announces.
    const rules = [
      'Portal passwords follow the rules below:',
      '',
      '- At least 14 characters.',
      '- No reuse of the last 5.',
      '',
      'If the portal refuses your password, ask the help desk.',
    ];
    const refused = await draftFor('What if the portal refuses my password?', rules.join('\n'));
    expect(refused.answerBody).toBe('If the portal refuses your password, ask the help desk.');
  });

  it("opens a FAQ answer with its own question's section only, and a yes/no answer with the deciding sentence", async () => {
    const faq = [
      'Can I reset my password myself?',
      '',
      'Yes, you can reset your password yourself through the portal.',
      '',
      'What if the portal refuses my password?',
      '',
      'Portal refusals are rare. They happen after five failed attempts. If the portal refuses it, call the help desk.',
    ].join('\n');
    const draft = await draftFor('What if the portal refuses my password?', faq);
    expect(draft.answerBody).not.toContain('Yes, you can reset');
    const rules = [
      'Portal passwords are checked against known leaks.',
      'The portal is open around the clock.',
      'You may reuse a portal password after 12 months.',
    ].join(' ');
    const decided = await draftFor('May I reuse an old portal password?', rules);
    expect(decided.answerBody.startsWith('You may reuse a portal password')).toBe(true);
  });

  it('reads every passage retrieval returned, the sixth too', async () => {
    const others = ['canteen menus', 'parking spaces', 'printer toner', 'fire drills', 'desk booking'].map((topic, n) =>
      searchResult(`This page is about ${topic}. Ask reception about ${topic}.`, { chunkId: `c${n}`, path: `handbook/${n}.md` }),
    );
    const answer = 'Work-study students are paid for up to 20 hours of work a week.';
    const draft = await draftFrom('How many hours a week can work-study students work?', [
      ...others,
      searchResult(answer, { chunkId: 'c6', path: 'handbook/work-study.md' }),
    ]);
    expect(draft.answerBody).toBe(answer);
    expect(draft.citations[0]!.path).toBe('handbook/work-study.md');
  });

  it('does not count the word that asks ("long" in "how long") as a word of the question a sentence covers', async () => {
    // Counted, "long" made a sentence that only uses the word lead by half the question's words.
    const passage = [
      'Keep a long record of every warranty claim, with its receipt and photos.',
      'The warranty lasts 2 years from the date of purchase, and 3 years for lanterns bought in the web shop.',
    ].join(' ');
    const draft = await draftFor('How long is the warranty?', passage);
    expect(draft.sentences[0]!.text.startsWith('The warranty lasts 2 years')).toBe(true);
  });

  it('quotes the next Thai piece when the chosen one ends on words of the question', async () => {
    // Thai marks no sentence end: the piece was cut at a guessed place, right before the name asked for.
    const cut = 'บริษัทของเรามีสำนักงานใหญ่อยู่ที่กรุงเทพมหานครและมีพนักงานมากกว่าสามร้อยคนทำงานในหลายแผนกทั่วประเทศ ผู้ที่ได้รับรางวัลพนักงานดีเด่นประจำปี';
    const passage = `${cut} สมชาย ใจดี ได้รับโล่และเงินรางวัลจากผู้บริหารในงานเลี้ยงปลายปีของบริษัท`;
    const draft = await draftFrom('ใครได้รับรางวัลพนักงานดีเด่นประจำปี', [result(passage)], 'th');
    expect(draft.sentences[0]!.text).toBe(cut);
    expect(draft.answerBody).toContain('สมชาย ใจดี');
  });

  it('quotes the next sentence after one that ends on words of the question in other languages, not in English', async () => {
    const german = 'Die Firma vergibt jedes Jahr einen Preis für den besten Mitarbeiter des Jahres. Zuletzt ging er an Anna Berger aus dem Vertrieb.';
    const answer = await draftFrom('Wer bekam den Preis für den besten Mitarbeiter des Jahres?', [result(german)], 'de');
    expect(answer.answerBody).toContain('Anna Berger');
    // English has its own cue for a sentence that goes on ("It", "This", "They" referring back); this one does not.
    const english = 'The company gives a prize every year to the best employee of the year. Lunch is served in the canteen at noon.';
    const draft = await draftFrom('Who got the prize for the best employee of the year?', [result(english)]);
    expect(draft.answerBody).not.toContain('canteen');
  });

  it('does not quote a question the document asks as the answer when nothing follows it', async () => {
    const passage = [
      'PeopleOps starts the renewal process 6 to 7 months before the term ends.',
      '',
      'When does the term renewal start, and who starts it?',
    ].join('\n');
    const draft = await draftFor('When does term renewal start?', passage);
    expect(draft.answerBody.startsWith('PeopleOps starts the renewal process')).toBe(true);
  });

  it('takes a form question followed by its choices for a question the document asks, not an answer', () => {
    expect(asks({ kind: 'sentence', text: 'How long will the term be renewed for? (6 months, 1 year, 2 years, or 3 years)' })).toBe(true);
    expect(asks({ kind: 'sentence', text: 'Who reviews the form?' })).toBe(true);
    expect(asks({ kind: 'sentence', text: 'Terms are renewed for 6 months, 1 year or 2 years (see the form).' })).toBe(false);
    expect(asks({ kind: 'sentence', text: 'Renewals take a while (why? the form goes to three offices).' })).toBe(false);
  });

  it('answers a question the document asks itself (a FAQ) with what follows it, not with the question', async () => {
    const passage = [
      'Who reviews the renewal form for a term employee?',
      '',
      'Your supervisor and PeopleOps go through it together.',
      '',
      'Renewals are for 6 months, 1 year, 2 years or 3 years.',
    ].join('\n');
    const draft = await draftFor('Who reviews the renewal form for a term employee?', passage);
    expect(draft.answerBody.startsWith('Your supervisor and PeopleOps go through it together.')).toBe(true);
  });

  it('answers a how-to question from the section named after its task, not a sentence elsewhere that repeats more of its words', async () => {
    // The sample handbook's section, as `npm start` indexes it.
    const passage = [
      '## Phishing',
      '',
      'Phishing emails try to trick you into clicking a link, opening an attachment or entering your password.',
      '',
      '### How to report',
      '',
      'Use the **Report Phishing** button (the shield icon) in the toolbar of your mail client. It sends the message to the security team and removes it from your inbox. Please do not forward suspicious emails to colleagues, and do not reply to the sender.',
      '',
      '### If you already clicked',
      '',
      'If you clicked a link or entered your password, that is fine; what matters is speed:',
      '',
      '1. Reset your password immediately at https://id.northwind.example.',
      '2. Email **security@northwind.example** and describe what happened.',
      '',
      'The security team responds to phishing reports within **4 working hours**. We also run a short phishing simulation every quarter; if you report the simulated email with the button, you have done exactly the right thing.',
    ].join('\n');
    const draft = await draftFor('How do I report a phishing email?', passage);
    expect(draft.answerBody).toMatch(/^Use the Report Phishing button/);
  });

  it('reads any level of a section\'s heading path, and a heading that says what is done ("Donating leave"), as naming the task', async () => {
    const question = 'A colleague is out with a medical emergency. How do I donate some of my annual leave to them?';
    const leaving = [
      '### Un-enrolling from the program',
      '1. Notify your supervisor of the date you wish to withdraw. This is typically when your medical emergency is resolved.',
      '2. Check your leave balances: unused donated hours are returned to the colleagues that donated to you. Check that your annual leave balance is not negative.',
    ].join('\n');
    const donating = [
      '### Donating hours through the transfer system',
      '1. Go to the transfer system and log in with your badge.',
      '2. Click the button at the bottom to Donate Annual Leave Hours to a colleague.',
    ].join('\n');
    const draft = await draftFrom(question, [
      searchResult(leaving, { chunkId: 'c1', heading: 'Leave transfer program › Un-enrolling from the program' }),
      searchResult(donating, { chunkId: 'c2', heading: 'Donating leave › Donating hours through the transfer system' }),
    ]);
    expect(draft.answerBody).toMatch(/^1\. Go to the transfer system/);
  });

  it('quotes a labelled list item ("Default: 30") read under its heading, not the code example that shares its words', async () => {
    const passage = [
      '## backup.retention',
      '',
      '- **Type:** `number`',
      '- **Default:** `30`',
      '',
      'Days a nightly backup is kept.',
      '',
      '**Example:**',
      '',
      '```js',
      'export default defineConfig({',
      '  backup: { retention: 7 },',
      '})',
      '```',
    ].join('\n');
    const draft = await draftFor('Which retention does backup use by default?', passage);
    expect(draft.answerBody.startsWith('Default: 30')).toBe(true);
  });

  it('does not answer with a line that only repeats the question (the error message the asker quoted)', async () => {
    const passage = [
      'TypeError: Failed to load the settings page',
      '',
      'This happens when the browser cache holds an old version of the page. Clear the cache and reload.',
    ].join('\n');
    const draft = await draftFor("Some users see 'TypeError: Failed to load the settings page'. What can we do?", passage);
    expect(draft.answerBody).not.toContain('TypeError');
    expect(draft.answerBody.startsWith('This happens when the browser cache holds an old version')).toBe(true);
  });

  it('answers a yes/no question with the sentence that decides it, though it repeats the question', async () => {
    const passage = ['Ask the tech team before connecting a service to the code host.', '', 'You do not need approval to create public repositories.'].join(
      '\n',
    );
    const draft = await draftFor('Do I need approval to create public repositories?', passage);
    expect(draft.answerBody.startsWith('You do not need approval to create public repositories.')).toBe(true);
  });

  it('answers with the list a sentence announces, though the sentence repeats the question', async () => {
    const passage = ['The company provides your work equipment:', '', '- a laptop,', '- one external monitor,', '- a headset.'].join('\n');
    const draft = await draftFor('What work equipment does the company provide?', passage);
    expect(draft.answerBody).toBe('The company provides your work equipment:\n• a laptop,\n• one external monitor,\n• a headset.');
  });

  it('answers "what are the core hours" with the times, not a sentence that only names them', async () => {
    const passage = [
      'Outside core hours, you arrange your day as suits you and your team.',
      'Everyone is available during core hours from 10:00 to 15:00 CET, Monday to Friday.',
    ].join(' ');
    const draft = await draftFor('What are the core hours?', passage);
    expect(draft.answerBody.startsWith('Everyone is available during core hours from 10:00 to 15:00 CET')).toBe(true);
  });

  it('answers "what is the mileage rate" with the amount, not a sentence that only names the rate', async () => {
    const passage = [
      'The mileage rate for your private car is 0.30 EUR per km.',
      'Fuel receipts are not needed for mileage claims, because the rate already covers fuel, wear and insurance.',
    ].join(' ');
    const draft = await draftFor('What is the mileage rate?', passage);
    expect(draft.answerBody).toBe('The mileage rate for your private car is 0.30 EUR per km.');
  });

  it('answers "where is" with the sentence that names the place, not a closer one that only mentions the thing', async () => {
    const passage = ['The fire extinguisher is checked every month.', 'Carbon dioxide fire extinguishers are mounted next to every soldering station.'].join(
      ' ',
    );
    const draft = await draftFor('Where is the fire extinguisher?', passage);
    expect(draft.answerBody).toBe('Carbon dioxide fire extinguishers are mounted next to every soldering station.');
    expect(draft.checks?.typeFit).toBe(1);
  });

  it('quotes the sentence just before the answer ahead of it, as the document has them, when both are quoted', async () => {
    // The second sentence answers best and reads on from the first ("that go later"): quoted alone first, it means nothing.
    const passage = 'Receipts go to Finance within 30 days. Expense claims that go later than 60 days need approval.';
    const draft = await draftFor('When do expense claims and receipts go to Finance?', passage);
    expect(draft.checks?.typeFit).toBe(1);
    expect(draft.sentences.map((sentence) => sentence.text)).toEqual([
      'Receipts go to Finance within 30 days.',
      'Expense claims that go later than 60 days need approval.',
    ]);
    expect(draft.sentences[1]!.score).toBeGreaterThan(draft.sentences[0]!.score);
  });

  it('gives the confidence check the score of the unit it chose, not of a sentence quoted ahead of it', async () => {
    const passage = 'Receipts go to Finance within 30 days. Expense claims that go later than 60 days need approval.';
    const draft = await draftFor('When do expense claims and receipts go to Finance?', passage);
    expect(draft.checks?.score).toBe(draft.sentences[1]!.score);
    const nothing = await draftFor('When do expense claims and receipts go to Finance?', 'Contents');
    expect(nothing.checks?.score).toBe(0);
  });

  it('quotes the next sentence with the answer when it goes on from it ("Request one from…")', async () => {
    const passage = [
      'A corporate credit card is issued to colleagues who travel for work more than 4 times a year.',
      "Request one from finance@northwind.example with your manager's approval.",
      'Lost cards are blocked by the issuer.',
    ].join(' ');
    const draft = await draftFor('Who gets a corporate credit card?', passage);
    expect(draft.answerBody).toBe(
      "A corporate credit card is issued to colleagues who travel for work more than 4 times a year. Request one from finance@northwind.example with your manager's approval.",
    );
    // "This page…" sends the reader elsewhere; it does not go on from the answer.
    const overview = await draftFor('Who gets a corporate credit card?', `${passage.split('. ')[0]}. This page explains the travel rules.`);
    expect(overview.answerBody).toBe('A corporate credit card is issued to colleagues who travel for work more than 4 times a year.');
    // A sentence that announces a list goes on into the list, which does not answer the question.
    const announcing = await draftFor(
      'What is special leave?',
      'Paid special leave is available for important life events. It is requested in Harbor like any other leave:\n\n- Open Harbor.\n- Choose Special Leave.',
    );
    expect(announcing.answerBody).toBe('Paid special leave is available for important life events.');
    // Nor does the first sentence of the next section.
    const nextSection = await draftFor(
      'Who gets a corporate credit card?',
      'A corporate credit card is issued to colleagues who travel for work more than 4 times a year.\n\n## Travel insurance\n\nIt covers every business trip abroad.',
    );
    expect(nextSection.answerBody).toBe('A corporate credit card is issued to colleagues who travel for work more than 4 times a year.');
  });

  it('decides a yes/no question that names a section with the rule that opens it', async () => {
    const passage = [
      '## Working from abroad',
      '',
      'You may work from another country for up to 30 days per calendar year.',
      'Request it in Harbor at least 2 weeks in advance.',
      'Working from abroad is not vacation and does not use up vacation days.',
    ].join('\n');
    const draft = await draftFor('Can I work from abroad?', passage);
    expect(draft.answerBody.startsWith('You may work from another country for up to 30 days per calendar year.')).toBe(true);
    // Under a heading that does not name the question, the sentence that repeats it still decides.
    const unnamed = await draftFor('Can I work from abroad?', passage.replace('## Working from abroad', '## Travel'));
    expect(unnamed.answerBody.startsWith('Working from abroad is not vacation')).toBe(true);
  });

  // A section: its heading, an opening sentence and a list of items.
  const section = (heading: string, opening: string, items: string[]) => [`## ${heading}`, '', opening, '', ...items.map((item) => `- ${item}`)].join('\n');

  it("reads a sentence under its section's heading: the one that answers wins over one that only repeats the words", async () => {
    const passage = section('Corporate card', 'A corporate credit card is issued to colleagues who travel for work more than 4 times a year.', [
      'The monthly limit is 3,000 EUR.',
      'Card transactions appear in Ledgerly automatically.',
    ]);
    const draft = await draftFor('Is there a limit on the corporate card?', passage);
    expect(draft.sentences[0]!.text).toBe('The monthly limit is 3,000 EUR.');
  });

  it('does not trade the answer to a yes/no question for a later sentence of its section that decides', async () => {
    const opening = 'Every office-based employee receives a one-off home office stipend of 500 EUR to buy a desk, chair or lighting.';
    const passage = section('Home office stipend', opening, [
      'Claim it in Ledgerly under the category Home Office, with receipts.',
      'The stipend must be claimed within 6 months of your start date.',
    ]);
    const draft = await draftFor('Is there a home office stipend?', passage);
    expect(draft.sentences[0]!.text).toBe(opening);
  });

  it('takes a sentence saying a thing is given as deciding "is there…?" and "does the company pay…?", and only those', () => {
    const stipend = answerFit('Is there a home office stipend?', 'yes_no', 'en');
    expect(stipend('Every office-based employee receives a one-off home office stipend of 500 EUR.', 'sentence')).toBe(1);
    expect(stipend('The stipend must be claimed within 6 months of your start date.', 'sentence')).toBe(1);
    expect(stipend('Items bought with the stipend belong to you.', 'sentence')).toBe(0.5);
    // Whole words: a payment or a provider is not something given.
    expect(stipend('The stipend is a payment through our payroll provider.', 'sentence')).toBe(0.5);
    const internet = answerFit('Does the company pay for my internet at home?', 'yes_no', 'en');
    expect(internet('A monthly internet allowance of 25 EUR is paid automatically with your salary.', 'sentence')).toBe(1);
    // Other yes/no questions are still decided by a rule ("may", "must", "not"), not by what is given.
    expect(answerFit('Can I work from abroad?', 'yes_no', 'en')('Every office-based employee receives a stipend.', 'sentence')).toBe(0.5);
  });

  it('says when the quote for a yes/no question decides nothing', async () => {
    const passage = section('Vacation', 'Part-time colleagues receive the same allowance pro rata.', ['Desks must be booked in Perch.']);
    expect((await draftFor('Can I work part-time?', passage)).checks).toMatchObject({ typeFit: 0.5, decides: false });
    expect((await draftFor('Can I book a desk?', passage)).checks).toMatchObject({ typeFit: 1, decides: true });
    expect((await draftFor('How many vacation days do part-time colleagues get?', passage)).checks?.decides).toBe(true);
  });

  it('answers "how do I get" with the sentence that says how, not a list of rules about the thing', async () => {
    const passage = [
      'A corporate credit card is issued to colleagues who travel for work more than 4 times a year. Request one from finance with your manager’s approval.',
      '',
      '- The monthly limit for the corporate credit card is 3,000 EUR.',
      '- Card transactions appear in Ledgerly automatically.',
      '- Cash withdrawals with the card are allowed only abroad.',
    ].join('\n');
    const draft = await draftFor('How do I get a corporate credit card?', passage);
    expect(draft.answerBody.startsWith('A corporate credit card is issued to colleagues')).toBe(true);
  });

  it('does not quote a title-case heading or link text as the answer', async () => {
    const passage = ['Parking Permit Office Locations And Opening Hours', '', 'Permits are issued on the ground floor of Building A.'].join('\n');
    const draft = await draftFor('Where is the parking permit office?', passage);
    expect(draft.answerBody).toBe('Permits are issued on the ground floor of Building A.');
  });

  // A quote that only mentions the thing does not fit; one that says how it is ("Beacon is only available…", which the
  // samples once answered "What is Beacon?" with) fits half.
  it.each([
    {
      question: 'What is Harbor?',
      other: 'Sign in to Harbor and open Time Off, then choose New Request in Harbor.',
      otherFit: 0,
      defines: 'All leave is recorded in Harbor, our HR tool.',
    },
    {
      question: 'What is Beacon?',
      other: 'Beacon is only available on company devices. Personal computers cannot connect to Beacon.',
      otherFit: 0.5,
      defines: 'Beacon is our company VPN.',
    },
  ])('answers "$question" with the sentence that says what it is ($otherFit for the other)', async ({ question, other, otherFit, defines }) => {
    const draft = await draftFor(question, [other, '', defines].join('\n'));
    expect(draft.answerBody).toBe(defines);
    expect(draft.checks?.typeFit).toBe(1);
    const alone = await draftFor(question, other);
    expect(alone.checks?.typeFit).toBe(otherFit);
  });

  it('prefers a sentence that states the answer to one that only says what its page covers, when nearly as good', async () => {
    const question = 'Who pays the monthly salaries?';
    const passage = 'This page explains who pays the monthly salaries.\n\nThe finance team pays the salaries.';
    const draft = await draftFrom(question, [searchResult(passage, { path: 'handbook/pay.md', title: 'Pay', heading: 'Pay' })]);
    expect(draft.answerBody).toBe('The finance team pays the salaries.');
    expect(draft.checks?.complete).toBe(1);
  });

  it('does not add a sentence that shares only the asking word with the question', async () => {
    const passage = ['Salaries are paid on the 25th.', '', 'When salaries are paid late, tell the finance team.'].join('\n');
    const draft = await draftFor('When are salaries paid?', passage);
    expect(draft.answerBody).toBe('Salaries are paid on the 25th.');
    // Nor the word after "how" ("how long", "how much"), which asks rather than names what is asked about.
    const leave = [
      'Every parent is entitled to 16 weeks of fully paid parental leave.',
      '',
      'Exceptions after long-term illness or parental leave are agreed in writing.',
    ].join('\n');
    expect((await draftFor('How long is parental leave?', leave)).answerBody).toBe('Every parent is entitled to 16 weeks of fully paid parental leave.');
  });

  it('reuses the vector of a one-sentence answer instead of embedding it again', async () => {
    const draft = await draftFor('Who starts the renewal process?', 'PeopleOps starts the renewal process 6 to 7 months before the term ends.');
    expect(draft.answerBody).toBe('PeopleOps starts the renewal process 6 to 7 months before the term ends.');
    expect(Array.from(draft.answerVector!)).toEqual(Array.from(FakeEmbedder.vector(draft.answerBody, 64)));
  });
});

describe('a table whose column the question names', () => {
  const approvals = [
    'Every claim follows the same chain, based on the total amount:',
    '',
    '| Total amount | Who approves |',
    '|---|---|',
    '| Up to 500 EUR | Your line manager |',
    '| Over 500 EUR | Your line manager, then your department head |',
    '',
    "Nobody may approve their own expenses; a manager's claims go to their own manager.",
  ].join('\n');

  it('answers with the table, not a sentence beside it that repeats more of the question', async () => {
    const expenses = searchResult(approvals, { path: 'handbook/expenses.md', title: 'Expenses', heading: 'Expenses › Approval chain' });
    const draft = await draftFrom('Who approves my expense report?', [expenses]);
    expect(draft.answerBody).toContain('Who approves: Your line manager, then your department head');
    expect(draft.answerBody).not.toContain('Nobody may approve');
    // A row the question picks out answers alone.
    const row = await draftFrom('Who approves a claim over 500 EUR?', [expenses]);
    expect(row.answerBody).toBe('Total amount: Over 500 EUR; Who approves: Your line manager, then your department head');
  });

  it('reads the column from the question asking for it, in English', () => {
    const [table] = answerUnits(approvals).filter((unit) => unit.kind === 'table');
    const terms = (question: string) => tokenize(question, 'en');
    const names = (question: string, language = 'en') => columnAsked(question, terms(question), language)(table!);
    expect(table!.columns).toEqual(['Total amount', 'Who approves']);
    expect(names('Who approves my expense report?')).toBe(true);
    // Another asking word, or the column's words without asking for it, is not the column.
    expect(names('When are expense claims approved?')).toBe(false);
    expect(names('Does my manager approve expenses?')).toBe(false);
    expect(names('Who approves my expense report?', 'de')).toBe(false);
  });

  it('weighs the situation told before the question less than what the question itself names', async () => {
    // docs-qa: the steps to withdraw "when your medical emergency is resolved" led the donation steps.
    const withdraw = searchResult('When your medical emergency is over, your colleague can stop the leave.', {
      path: 'handbook/leave.md',
      title: 'Leave',
      heading: 'Leave › Withdrawing',
    });
    const donate = searchResult('To donate annual leave, open Payroll and choose Donate Leave.', {
      path: 'handbook/leave.md',
      title: 'Leave',
      heading: 'Leave › Donating',
    });
    const draft = await draftFrom('A colleague is out with a medical emergency. How do I donate some of my annual leave to them?', [withdraw, donate]);
    expect(draft.sentences[0]!.text).toBe('To donate annual leave, open Payroll and choose Donate Leave.');
  });

  it('reads the situation as what is asked about when the question sentence names too little of its own', () => {
    const idf = (question: string) => {
      const terms = tokenize(question, 'en');
      return { terms, weights: focusWeights(question, terms, new Map(terms.map((term) => [term, 1])), 'en') };
    };
    const told = idf('A colleague is out with a medical emergency. How do I donate some of my annual leave to them?');
    expect(told.weights.get(tokenize('emergency', 'en')[0]!)).toBe(0.5);
    expect(told.weights.get(tokenize('donate', 'en')[0]!)).toBe(1);
    // A word told twice is halved once; a word after the question keeps its weight.
    const twice = idf('My colleague has an emergency, and the colleague is out. How do I donate annual leave? It is urgent.');
    expect(twice.weights.get(tokenize('colleague', 'en')[0]!)).toBe(0.5);
    expect(twice.weights.get(tokenize('urgent', 'en')[0]!)).toBe(1);
    // "U.S." ends no sentence: the question is one, and nothing in it is the situation.
    const abroad = idf('How do I book travel to the U.S. for the sales conference?');
    expect([...abroad.weights.values()].every((weight) => weight === 1)).toBe(true);
    const vague = idf('Say, I heard something about the co-op training program. Could you tell me about it?');
    expect([...vague.weights.values()].every((weight) => weight === 1)).toBe(true);
    // Nor in a language whose asking sentence is not read.
    const terms = tokenize('Ein Kollege ist krank. Wie spende ich ihm Urlaubstage?', 'de');
    const german = new Map(terms.map((term) => [term, 1]));
    expect(focusWeights('Ein Kollege ist krank. Wie spende ich ihm Urlaubstage?', terms, german, 'de')).toBe(german);
  });
});
