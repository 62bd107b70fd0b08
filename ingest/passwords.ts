import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';

const passwordsFileSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export class PasswordsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'PasswordsFileError';
  }
}

/**
 * Passwords for encrypted documents, from `passwords.json` in the data directory:
 * `{ "finance/*.pdf": "secret", "board/minutes-2026.pdf": ["old", "new"] }`. Keys are globs
 * matched against the path relative to its watched folder, or against the absolute path.
 */
export function loadPasswords(file: string): (root: string, relativePath: string) => string[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return () => [];
    throw new PasswordsFileError(file, `Cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: z.infer<typeof passwordsFileSchema>;
  try {
    parsed = passwordsFileSchema.parse(JSON.parse(raw));
  } catch (error) {
    throw new PasswordsFileError(
      file,
      `${file} must be a JSON object mapping paths or globs to a password or a list of passwords (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const rules = Object.entries(parsed).map(([pattern, value]) => ({
    matches: picomatch(pattern, { dot: true }),
    passwords: Array.isArray(value) ? value : [value],
  }));
  return (root, relativePath) => {
    const absolute = path.join(root, relativePath);
    return rules.filter((rule) => rule.matches(relativePath) || rule.matches(absolute)).flatMap((rule) => rule.passwords);
  };
}
