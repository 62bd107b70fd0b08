import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { THEME_SCRIPT } from './_client/theme';
import { ThemeToggle } from './_client/theme-toggle';
import './globals.css';

export const metadata: Metadata = {
  title: 'Docent',
  description: 'Answers from your documents, with citations; a person when it is not sure.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // The inline script sets data-theme before React hydrates, so <html> differs from the server's on purpose.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Docent
          </Link>
          <nav aria-label="Main">
            <Link href="/">Chat</Link>
            <Link href="/review">Review</Link>
            <Link href="/status">Status</Link>
          </nav>
          <ThemeToggle />
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
