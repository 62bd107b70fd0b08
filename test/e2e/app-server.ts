import fs from 'node:fs';
import path from 'node:path';

export { type RunningApp, startApp } from '../../scripts/app-process';

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

export function artifactsDir(): string {
  const folder = path.resolve('test', 'artifacts');
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}
