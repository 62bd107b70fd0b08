import { describe, expect, it } from 'vitest';
import { answerFit, definitionMatcher, definitionSubject, pointsForward, questionType, refersElsewhere, typeFit } from '../../../lib/answer/question-type';
import { answerUnits, plainInline } from '../../../lib/answer/units';

describe('answer units of a passage', () => {
  it('keeps a code span as written, also inside a link, and reads the rest as text', () => {
    // docs-qa: "via a `<style>` tag" lost its tag name when HTML tags were removed from the code span too.
    expect(plainInline('inject it via a `<style>` tag, or set [`server.host`](/config/server-options.md) to **127.0.0.1**')).toBe(
      'inject it via a <style> tag, or set server.host to 127.0.0.1',
    );
    expect(plainInline('a dash &ndash; and `&ndash;` in code')).toBe('a dash – and &ndash; in code');
    // The marks that hold a code span's place cannot be forged by the text.
    expect(plainInline('icon \uE0000\uE001 and `code`')).toBe('icon 0 and code');
  });

  const passage = [
    'Choose a new password that follows the rules below:',
    '',
    '- At least **14 characters**; a passphrase is encouraged.',
    '- You cannot reuse any of your [last 5 passwords](https://example.org).',
    '',
    'Passwords do not expire on a schedule.',
  ].join('\n');

  it('makes a list one unit with the sentence that announces it, and each item a unit of its own', () => {
    const units = answerUnits(passage);
    const list = units.find((unit) => unit.kind === 'list')!;
    expect(list.text).toBe(
      'Choose a new password that follows the rules below:\n• At least 14 characters; a passphrase is encouraged.\n• You cannot reuse any of your last 5 passwords.',
    );
    const announcing = units.find((unit) => unit.text.startsWith('Choose a new password'))!;
    expect(announcing).toMatchObject({ kind: 'sentence', dangling: false, completesWith: units.indexOf(list) });
    const items = units.filter((unit) => unit.partOf === units.indexOf(list));
    expect(items.map((unit) => unit.text)).toEqual(['At least 14 characters; a passphrase is encouraged.', 'You cannot reuse any of your last 5 passwords.']);
  });

  it('marks a sentence dangling when what it announces is not in the passage, or when it sends the reader elsewhere', () => {
    const units = answerUnits('Meals should not exceed the following amounts:');
    expect(units).toEqual([expect.objectContaining({ kind: 'sentence', dangling: true })]);
    expect(answerUnits('For details, refer to How to set up the project locally.')[0]).toMatchObject({ dangling: true });
    expect(answerUnits('Receipts are due within 30 days.')[0]).toMatchObject({ dangling: false });
  });

  it('quotes a sentence that announces the rest of its paragraph with it, when a page lost its list markup', () => {
    const paragraph = [
      'You can take part in the work-study program if you meet all of the requirements listed below.',
      'All of these must be true.',
      'You: Are enrolled at least three-quarter time, and Have found an open job at a nearby office.',
    ].join(' ');
    const [announcing, ...rest] = answerUnits(paragraph);
    expect(announcing).toMatchObject({ kind: 'sentence', text: paragraph, dangling: false, carries: 2 });
    // The sentences it carries are still units of their own, in order.
    expect(rest.map((unit) => unit.text)).toEqual([
      'All of these must be true.',
      'You: Are enrolled at least three-quarter time, and Have found an open job at a nearby office.',
    ]);
    // Only as much as fits: with no room for the next sentence it stays alone.
    expect(answerUnits(paragraph, 100)[0]).toMatchObject({ text: paragraph.split(' All')[0], dangling: false });
    expect(answerUnits(paragraph, 100)[0]!.carries).toBeUndefined();
  });

  it('keeps a numbered list in order with its numbers, and says how many items a long list leaves out rather than cutting it silently', () => {
    const steps = Array.from(
      { length: 30 },
      (_, index) => `${index + 1}. Step number ${index + 1} of the long procedure, with enough words to fill the line.`,
    ).join('\n');
    const list = answerUnits(steps, 600).find((unit) => unit.kind === 'list')!;
    const lines = list.text.split('\n');
    expect(lines[0]).toMatch(/^1\. Step number 1 /);
    expect(lines[1]).toMatch(/^2\. /);
    expect(lines.at(-1)).toMatch(/^\(\d+ more items in the source\)$/);
    expect(list.text.length).toBeLessThan(700);
  });

  it('keeps the address of an autolink, which is often the answer, and drops real tags', () => {
    const steps = answerUnits('1. Head to <https://envisionprintservices.com>. Verify your email.\n2. Write to <ops@example.gov> or <b>call</b> us.');
    const list = steps.find((unit) => unit.kind === 'list')!;
    expect(list.text).toBe('1. Head to https://envisionprintservices.com. Verify your email.\n2. Write to ops@example.gov or call us.');
  });

  it('reads a loose list (a blank line between its items, a nested list under an item) as one list, and a list of the other kind as a new one', () => {
    const loose = [
      '1. Six months before the term ends, PeopleOps writes to your supervisor.',
      '',
      '2. Supervisors consider your performance.',
      '',
      '3. Directors send their recommendation with the following info:',
      '   - How long the term is renewed for',
      '',
      '   - Justification',
      '',
      '- A bullet list after the steps',
    ].join('\n');
    const lists = answerUnits(loose).filter((unit) => unit.kind === 'list' && unit.partOf === undefined);
    expect(lists.map((unit) => unit.text)).toEqual([
      '1. Six months before the term ends, PeopleOps writes to your supervisor.\n2. Supervisors consider your performance.\n3. Directors send their recommendation with the following info:\n• How long the term is renewed for\n• Justification',
      '• A bullet list after the steps',
    ]);
  });

  it('reads what is indented under a step (a paragraph, a code block) as part of it, so the steps stay one list', () => {
    // docs-qa: Vite's backend integration guide puts code under each step; each step was a list of its own.
    const steps = [
      '1. In your Vite config, configure the entry and enable build manifest:',
      '',
      '   ```js',
      '   export default defineConfig({',
      '     build: { manifest: true },',
      '   })',
      '   ```',
      '',
      '   You also need to import the polyfill in your entry:',
      '',
      '   ```js',
      "   import 'vite/modulepreload-polyfill'",
      '   ```',
      '',
      '2. For development, inject the Vite client in your HTML template.',
      '',
      'A paragraph after the list.',
    ].join('\n');
    const lists = answerUnits(steps).filter((unit) => unit.kind === 'list' && unit.partOf === undefined);
    expect(lists.map((unit) => unit.text)).toEqual([
      "1. In your Vite config, configure the entry and enable build manifest: You also need to import the polyfill in your entry: import 'vite/modulepreload-polyfill'\n2. For development, inject the Vite client in your HTML template.",
    ]);
    expect(answerUnits(steps).at(-1)!.text).toBe('A paragraph after the list.');
  });

  it('reads character references as their characters, except in a code span', () => {
    expect(answerUnits('Renewals take thought &ndash; and a fair bit of process &amp; paperwork. Write `&amp;` in HTML.').map((unit) => unit.text)).toEqual([
      'Renewals take thought – and a fair bit of process & paperwork.',
      'Write &amp; in HTML.',
    ]);
  });

  it('labels table rows with their column headers', () => {
    const table = ['| Expense | Limit |', '|---|---|', '| Hotel | **160 EUR per night** |', '| Meals | 45 EUR per day |'].join('\n');
    const rows = answerUnits(table).filter((unit) => unit.partOf !== undefined);
    expect(rows.map((unit) => unit.text)).toEqual(['Expense: Hotel; Limit: 160 EUR per night', 'Expense: Meals; Limit: 45 EUR per day']);
  });
});

describe('question types and what can answer them', () => {
  it('reads the kind of answer a question asks for', () => {
    expect(questionType('How do I request time off?')).toBe('how_to');
    expect(questionType('and how long does that take?')).toBe('duration');
    expect(questionType('When is salary paid?')).toBe('duration');
    expect(questionType('What hours is the help desk staffed?')).toBe('duration');
    expect(questionType('The outcome of what is known in hours?')).toBe('other');
    expect(questionType('How much can I spend on meals per day?')).toBe('quantity');
    expect(questionType('What are the password rules?')).toBe('list');
    expect(questionType('Which expenses are not reimbursed?')).toBe('list');
    expect(questionType('Can I bring my dog to the office?')).toBe('yes_no');
    expect(questionType('hi, can I fly business class?')).toBe('yes_no');
    expect(questionType('Who is the owner of the travel policy?')).toBe('other');
    // "What can we do about it?" asks what to do, as "What should I do?" does (docs-qa, doc2dial).
    expect(questionType("After a deploy, some users get 'Failed to fetch'. What can we do about it?")).toBe('how_to');
    expect(questionType('I received a letter that says my insurance lapsed. What can I do?')).toBe('how_to');
    expect(questionType('What can the help desk do for me?')).toBe('other');
    expect(questionType('What can I download from the intranet?')).toBe('other');
  });

  it('a "how long" question is not answered by text without a duration, nor "how much" by text without an amount', () => {
    expect(typeFit('duration', 'Sign in to Harbor and open Time Off > New Request.', 'sentence')).toBe(0);
    // A step's number and the count of items a long list leaves out are no amount or version.
    expect(typeFit('quantity', '2. Supervisors consider your performance.\n(3 more items in the source)', 'list')).toBe(0);
    expect(typeFit('version', '1. Install the package.\n2. Run the build.', 'list')).toBe(0);
    expect(typeFit('quantity', '1. Renew 6 months before the term ends.', 'list')).toBe(1);
    expect(typeFit('duration', 'Your manager decides within 3 working days.', 'sentence')).toBe(1);
    expect(typeFit('duration', 'Salaries are paid on the 25th of each month.', 'sentence')).toBe(1);
    // A year answers "when"; a form's number does not.
    expect(typeFit('duration', 'Genghis Khan united the tribes and became Great Khan in 1206.', 'sentence')).toBe(1);
    expect(typeFit('duration', 'The Tran crushed the Mongols at the Battle of Bach Dang (1288).', 'sentence')).toBe(1);
    expect(typeFit('duration', 'Send Form 1040 to the tax office.', 'sentence')).toBe(0);
    // The month, not the verb.
    expect(typeFit('duration', 'The person you hold 1:1s with may not formally report to you.', 'sentence')).toBe(0);
    expect(typeFit('duration', 'Applications open in May and close on 15 May.', 'sentence')).toBe(1);
    expect(typeFit('quantity', 'Meals are reimbursed when you travel.', 'sentence')).toBe(0);
    expect(typeFit('quantity', 'You can claim up to 45 EUR per day.', 'sentence')).toBe(1);
    expect(typeFit('quantity', 'If you are ill, tell your manager before 09:30 on the first day.', 'sentence')).toBe(0);
    expect(typeFit('quantity', 'Sick leave is paid for up to 6 weeks; call before 09:30.', 'sentence')).toBe(1);
    expect(typeFit('how_to', '1. Sign in\n2. Submit', 'list')).toBe(1);
    // A negation written short, with either apostrophe, or a recommendation decides a yes/no question.
    expect(typeFit('yes_no', "We don't recommend moving away from handleHotUpdate yet.", 'sentence')).toBe(1);
    expect(typeFit('yes_no', 'Dogs aren’t allowed on the workshop floor.', 'sentence')).toBe(1);
    expect(typeFit('yes_no', 'We recommend Node.js 22 for new projects.', 'sentence')).toBe(1);
    expect(typeFit('yes_no', 'The hotUpdate hook receives a HotUpdateOptions instance.', 'sentence')).toBe(0.5);
    // A bulleted list answers "how do I" when it gives instructions: announced by one, opening with one, or mostly
    // made of them; the rules for using a card do not say how to get one.
    const cardRules = '• The monthly limit is 3,000 EUR.\n• Use the card for business expenses only.\n• Card transactions appear in Ledgerly.';
    expect(typeFit('how_to', cardRules, 'list')).toBe(0.5);
    expect(typeFit('how_to', `Bring these items with you:\n• original title\n• proof of insurance`, 'list')).toBe(1);
    expect(typeFit('how_to', '• Book a desk in Perch.\n• Office days are full days.\n• One office day is enough in holiday weeks.', 'list')).toBe(1);
    expect(typeFit('how_to', '• Die Monatsgrenze ist 3.000 EUR.\n• Belege kommen automatisch.', 'list', 'de')).toBe(1);
    expect(typeFit('how_to', 'Use the Report Phishing button in your mail client.', 'sentence')).toBe(1);
    expect(typeFit('how_to', 'Phishing emails try to trick you.', 'sentence')).toBeLessThan(1);
  });

  it('a "which version" question is answered only by text that names a version', () => {
    expect(questionType('Which Node.js versions do I need to run the current release?')).toBe('version');
    expect(questionType("What's the minimum TypeScript version the types require?")).toBe('version');
    expect(questionType('hi, what version of the form should I use?')).toBe('version');
    // Questions that mention a version but ask something else keep their type.
    expect(questionType('What happened to the version of the policy?')).toBe('other');
    expect(questionType('What does the English version of the contract say?')).toBe('other');
    expect(questionType('How do I update to the latest version?')).toBe('how_to');
    expect(questionType('How do I check which version I have installed?')).toBe('how_to');
    expect(questionType('How much does the latest version cost?')).toBe('quantity');
    expect(questionType('Do I need the latest version of Chrome?')).toBe('yes_no');
    expect(questionType('How long is version 4 supported?')).toBe('duration');
    expect(typeFit('version', 'Support for older Node.js versions is dropped after their end of life.', 'sentence')).toBe(0);
    expect(typeFit('version', 'It requires Node.js version 20.19+ or 22.12+.', 'sentence')).toBe(1);
    expect(typeFit('version', 'Python 3 or later is required.', 'sentence')).toBe(1);
  });

  it('"how long does it take" is not answered by a notice period, which says when to start, not how long it lasts', () => {
    const notice = 'Shorter requests can be made at any time, ideally a few days ahead.';
    const decision = 'Your line manager will approve or decline the request within 3 working days.';
    const takes = answerFit('and how long does that take?', 'duration', 'en');
    expect(takes(notice, 'sentence')).toBe(0.5);
    expect(takes(decision, 'sentence')).toBe(1);
    // A notice period beside a lasting time still fits; other "how long" questions keep any duration.
    expect(takes('Vacation longer than 5 working days is requested at least 2 weeks in advance.', 'sentence')).toBe(1);
    expect(answerFit('How long is parental leave?', 'duration', 'en')(notice, 'sentence')).toBe(1);
  });

  it('a "where is" question is answered by text that names a place, not by one that only mentions the thing', () => {
    expect(questionType('Where is the fire extinguisher?')).toBe('location');
    expect(questionType('Where can employees park?')).toBe('location');
    expect(questionType('Which floor is HR on?')).toBe('location');
    // Asking where to do something asks how to do it.
    expect(questionType('Where do I find my payslip?')).toBe('how_to');
    expect(questionType('Where can I park my bike?')).toBe('how_to');
    const fits = (text: string) => typeFit('location', text, 'sentence');
    expect(fits('Carbon dioxide fire extinguishers are mounted next to every soldering station.')).toBe(1);
    expect(fits('The assembly point for all buildings is car park P2 by the north gate.')).toBe(1);
    expect(fits('Safety induction at 14:00 in Building C.')).toBe(1);
    expect(fits('Open Harbor > Pay > Payslips.')).toBe(1);
    expect(fits('Fire extinguisher checks take place every month: on the first Monday of each month.')).toBe(0.5);
    expect(fits('Please request vacation at least 2 weeks in advance.')).toBe(0.5);
    // A verb of placing names no place by itself.
    expect(fits('Signed forms are kept for 10 years.')).toBe(0.5);
    // A place word counts in any case; "in advance" names no place.
    expect(fits('the induction is held in building c.')).toBe(1);
    expect(fits('the induction is held in advance.')).toBe(0.5);
    expect(typeFit('location', 'Die Feuerlöscher hängen neben jeder Lötstation.', 'sentence', 'de')).toBe(1);
  });

  it('a "what is X" question is answered only by text that says what X is, not by one that mentions it', () => {
    expect(questionType('What is Harbor?')).toBe('definition');
    expect(definitionSubject('hi, what is the Beacon VPN?')).toEqual(['Beacon', 'VPN']);
    expect(definitionSubject('What is the safety manual about?')).toEqual(['safety', 'manual']);
    expect(definitionSubject('What does PTO mean?')).toEqual(['PTO']);
    // A place named with "point" is a thing to say what it is; "the point of" something asks its purpose.
    expect(definitionSubject('What is the assembly point?')).toEqual(['assembly', 'point']);
    expect(definitionSubject('What is the point of onboarding?')).toBeNull();
    expect(definitionSubject('What is the point?')).toBeNull();
    // One fact asked about a thing, an amount or a time is not a definition.
    expect(questionType("What is Kenya's capital?")).toBe('other');
    expect(questionType('What is Kenya’s capital?')).toBe('other');
    expect(questionType('What is the name of the river?')).toBe('other');
    expect(questionType('What is the largest city?')).toBe('other');
    expect(questionType('What is my balance?')).toBe('other');
    expect(questionType('What is the hotel limit per night?')).toBe('quantity');
    expect(questionType('What are the core hours?')).toBe('duration');
    expect(questionType('What is the treasury account reference?')).toBe('other');
    expect(questionType('What is the maximum hotel rate?')).toBe('quantity');
    // The thing priced or capped may come first: "What is the mileage rate?" was answered "Fuel receipts are not
    // needed, because the rate already covers fuel…", which names the rate without giving it.
    expect(questionType('What is the mileage rate?')).toBe('quantity');
    expect(questionType("What's our daily meal allowance?")).toBe('quantity');
    expect(questionType('What are the parking fees?')).toBe('quantity');
    expect(questionType('What does the manual cover?')).toBe('other');
    expect(questionType('hi, what does the manual cover?')).toBe('other');
    expect(questionType('Was ist Harbor?', 'de')).toBe('other');
    expect(definitionMatcher(['Harbor'])('All leave is recorded in Harbor, our HR tool, which also shows your balance.')).toBe(1);
    expect(definitionMatcher(['Beacon', 'VPN'])('Beacon is our company VPN.')).toBe(1);
    expect(definitionMatcher(['Beacon', 'VPN'])('Beacon is “our” company VPN.')).toBe(1);
    expect(definitionMatcher(['VA', 'disability', 'compensation'])('VA disability compensation (pay) offers a monthly tax-free payment.')).toBe(1);
    expect(definitionMatcher(['IDP'])('An IDP is a tool created in Online University.')).toBe(1);
    // Named and then described: it says something of Beacon, not what Beacon is ("What is Beacon?" was answered so).
    expect(definitionMatcher(['Beacon'])('Beacon is only available on company devices. Personal computers cannot connect.')).toBe(0.5);
    expect(definitionMatcher(['Beacon'])('Beacon is not available on personal computers.')).toBe(0.5);
    expect(definitionMatcher(['special', 'leave'])('Paid special leave is available for important life events.')).toBe(1);
    expect(definitionMatcher(['Beacon'])('Beacon is only available on company devices; Beacon is our company VPN.')).toBe(1);
    expect(definitionMatcher(['Harbor'])('Sign in to Harbor and open Time Off > New Request.')).toBe(0);
    expect(definitionMatcher(['Harbor'])('Payslips appear in Harbor under Pay > Payslips.')).toBe(0);
    expect(definitionMatcher(['safety', 'manual'])('Questions about this manual go to the Health & Safety team.')).toBe(0);
  });

  it('reads "which version" questions in German, French, Spanish, Chinese and Japanese too', () => {
    expect(questionType('Welche Node.js-Version brauche ich?', 'de')).toBe('version');
    expect(questionType('Welche Version von Vite unterstützt Node 18?', 'de')).toBe('version');
    expect(questionType('Wie lange wird Version 4 unterstützt?', 'de')).toBe('duration');
    expect(questionType('Quelle est la version minimale de TypeScript ?', 'fr')).toBe('version');
    expect(questionType('¿Qué versión de Node necesito?', 'es')).toBe('version');
    expect(questionType('需要哪个版本的 Node.js？', 'zh')).toBe('version');
    expect(questionType('どのバージョンの Node.js が必要ですか？', 'ja')).toBe('version');
    expect(questionType('Wie beantrage ich Urlaub?', 'de')).toBe('how_to');
    expect(typeFit('version', 'Vite benötigt Node.js 20.19 oder neuer.', 'sentence', 'de')).toBe(1);
  });

  it('reads Thai "when" and "how many" questions, and the years and counts that answer them', () => {
    expect(questionType('โจเซฟ พรีสต์ลีย์ รู้จักออกซิเจนในปีใด', 'th')).toBe('duration');
    expect(questionType('แอ่งอเมซอนกินพื้นที่ทั้งหมดกี่ประเทศ', 'th')).toBe('quantity');
    // เกี่ยว ("about") holds the letters of กี่ ("how many"); it asks for no amount.
    expect(questionType('นักสิ่งแวดล้อมกังวลเรื่องอะไรเกี่ยวกับป่าอเมซอน', 'th')).toBe('other');
    expect(typeFit('duration', 'และโดย โจเซฟ พรีสต์ลีย์ ที่วิลต์ไชร์ ในปี 1774', 'sentence', 'th')).toBe(1);
    expect(typeFit('duration', 'นำโดยผู้ช่วยด้านเทคนิคพิเศษ ในเดือน กรกฎาคม', 'sentence', 'th')).toBe(1);
    expect(typeFit('duration', 'ออกซิเจนถูกค้นพบเดี่ยวๆ โดย คาร์ล วิลเฮล์ม ชเคเลอ', 'sentence', 'th')).toBe(0);
  });

  it('recognises sentences that point forward or elsewhere instead of answering', () => {
    expect(pointsForward('Choose a new password that follows the rules below, then confirm it.')).toBe(true);
    expect(pointsForward('The process is as follows:')).toBe(true);
    expect(pointsForward('Receipts are due within 30 days.')).toBe(false);
    expect(refersElsewhere('Refer to How to set up Vite locally.')).toBe(true);
    expect(refersElsewhere('See the travel page for details.')).toBe(true);
    expect(refersElsewhere('Seeing-eye dogs are welcome.')).toBe(false);
    expect(refersElsewhere('Read more about travel insurance.')).toBe(true);
    expect(refersElsewhere('Visit the travel page before you book.')).toBe(true);
    // Steps that read, visit or go somewhere are answers.
    expect(refersElsewhere('Read the letter carefully and answer it quickly.')).toBe(false);
    expect(refersElsewhere('Visit a DMV office with your documents.')).toBe(false);
    expect(refersElsewhere('Go to Settings > Password and choose Reset.')).toBe(false);
    // A page that says what it covers has not said it yet; a policy or manual that explains itself is asked about.
    expect(refersElsewhere('This page walks you through your first five days and when you will be paid.')).toBe(true);
    expect(refersElsewhere('This section explains how much paid time off you have.')).toBe(true);
    expect(refersElsewhere('This manual explains how we keep the workshop safe.')).toBe(false);
    // A link's teaser names what the reader could find out; it does not say it.
    expect(refersElsewhere('Find out if you can get disability compensation or benefits if you have symptoms of PTSD.')).toBe(true);
    expect(refersElsewhere('Understand how claiming retirement benefits early will affect your benefit amount.')).toBe(true);
    expect(refersElsewhere('Learn more about where you will get care.')).toBe(true);
    expect(refersElsewhere('Check if the fuse is blown before you call facilities.')).toBe(false);
    expect(refersElsewhere('Learn the safety rules before your first shift.')).toBe(false);
  });
});
