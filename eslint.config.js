import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Recommended rules only and no type-aware rules: `eslint .` must stay fast over the whole tree.
export default defineConfig(
  globalIgnores(['out/', 'dist/', 'coverage/', 'test-results/', 'playwright-report/', '.vite/', 'tmp/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  // Node: the engine, the Electron main process, the CLI launcher, tests and tool configs.
  {
    files: ['core/**', 'electron/main/**', 'electron/shared/**', 'bin/**', 'tests/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The sandboxed preload runs in the page's process: browser globals, no Node ones.
  { files: ['electron/preload/**'], languageOptions: { globals: { ...globals.browser } } },
  // The UI, in Electron's renderer or a plain browser.
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // Tests read JSON answers whose shape the assertions themselves check.
  { files: ['**/*.test.ts', 'tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
