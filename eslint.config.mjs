import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

// Next.js's rules (React, hooks, accessibility, Next) plus typescript-eslint with type information:
// the type-aware rules catch what review misses here (a promise nobody awaits, an `any` leaking out
// of a JSON body). `npm run lint` runs with --max-warnings 0, so a rule is either an error or off.
export default defineConfig([
  globalIgnores(['.next/**', 'node_modules/**', 'next-env.d.ts', 'docs/results/**', 'examples/**', 'test/artifacts/**', 'coverage/**']),
  ...nextVitals,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.{ts,tsx,mts,cts}'] })),
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_`-prefixed names are deliberate (a callback's unused position, a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off: an async function without await is how the embedded index and the route handlers
      // implement async interfaces synchronously. Forgotten awaits are caught by no-floating-promises
      // and no-misused-promises, which stay on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Off: every effect it flags in app/ loads from the server or from browser storage after mount
    // (what effects are for); the rule cannot see that most of those setState calls follow an await.
    files: ['app/**/*.{ts,tsx}'],
    rules: { 'react-hooks/set-state-in-effect': 'off' },
  },
  {
    // Off in tests only: vitest's asymmetric matchers (`expect.any(String)`) are typed `any`, and tests
    // read JSON they then assert on; the assertions are what check those values.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
]);
