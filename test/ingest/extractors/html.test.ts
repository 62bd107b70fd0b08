import { describe, expect, it } from 'vitest';
import { htmlToDocument } from '../../../ingest/extractors/html';

const page = `<!doctype html><html><head><title>Onboarding</title><script>alert(1)</script></head><body>
<nav><a href="/">Home</a> <a href="/jobs">Careers</a> <a href="/x">Menu item</a></nav>
<header>Northwind intranet banner</header>
<main><article><h1>Your first week</h1>
<p>Welcome to the team. On your first day you pick up your badge at reception in Building B, meet your buddy and set up your laptop with IT.</p>
<h2>Payroll</h2><p>Your first salary is paid on the 25th of the month if your bank details are in Harbor by the 15th. Contact payroll with questions.</p>
<h3>Tax forms</h3><p>Send the completed tax form to people@northwind.example within your first two weeks so that deductions are right.</p>
</article></main>
<footer>© 2026 Northwind Lanterns. All rights reserved. Privacy policy.</footer></body></html>`;

describe('htmlToDocument', () => {
  it('keeps the article with its headings and drops navigation, banner, footer and scripts', () => {
    const document = htmlToDocument(page);
    expect(document.title).toBe('Onboarding');
    expect(document.text).toContain('pick up your badge at reception in Building B');
    expect(document.text).toContain('paid on the 25th');
    for (const boilerplate of ['Careers', 'intranet banner', 'All rights reserved', 'alert(1)']) expect(document.text).not.toContain(boilerplate);
    const payroll = document.blocks.find((block) => block.text.includes('25th'));
    expect(payroll?.headingPath.at(-1)).toBe('Payroll');
    const tax = document.blocks.find((block) => block.text.includes('tax form'));
    expect(tax?.headingPath.slice(-2)).toEqual(['Payroll', 'Tax forms']);
  });

  it('falls back to the body text for pages too short for Readability', () => {
    const document = htmlToDocument('<html><body><nav>menu</nav><p>Short note: the cafeteria opens at 8.</p></body></html>');
    expect(document.text).toContain('cafeteria opens at 8');
    expect(document.text).not.toContain('menu');
  });
});
