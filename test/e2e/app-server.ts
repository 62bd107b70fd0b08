import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

import { type RunningApp, startApp as startScriptApp } from '../../scripts/app-process';
import { testEmbedCache } from '../helpers/temp';

export type { RunningApp };

/** `npm start` as scripts/app-process.ts starts it, sharing the run's embedding cache unless `env` says otherwise. */
export function startApp(options: Parameters<typeof startScriptApp>[0]): Promise<RunningApp> {
  return startScriptApp({ ...options, env: { ...testEmbedCache(), ...options.env } });
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, as the browser tests and the docs' screenshots drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export function artifactsDir(): string {
  const folder = path.resolve('test', 'artifacts');
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}
