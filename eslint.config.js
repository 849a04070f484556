// Lint rules, including the import boundaries of ARCHITECTURE.md:
// shared/ is pure domain code; renderer/ and electron/ meet only through shared/ipc.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'events', 'http', 'https', 'net', 'worker_threads', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'dist-web/', 'release/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['react', 'react-dom', 'dexie', 'dexie-react-hooks', 'electron', 'zustand'].map((name) => ({
              name,
              message: 'shared/ is pure domain code: no UI, storage or platform imports.',
            })),
            ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs everywhere: no Node built-ins.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ runs everywhere: no Node built-ins.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'shared/ depends on nothing above it.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'shared/ never reads the clock: pass `today`/`now` in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/ never reads the clock: pass `today`/`now` in.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'shared/ takes randomness as a parameter.' },
        { selector: "CallExpression[callee.object.name='crypto']", message: 'shared/ takes an id generator as a parameter.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches Electron only through renderer/platform and the preload bridge.' }],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ and electron/ never import each other; use shared/ipc.ts.' },
            { group: ['node:*'], message: 'The renderer runs in a sandboxed browser context.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'renderer/ and electron/ never import each other; use shared/ipc.ts.' }] },
      ],
    },
  },
  {
    files: ['cli/**/*.ts', 'test/**/*.{ts,tsx}', '*.config.ts', '*.config.js', 'scripts/**/*.{ts,js,mjs}', '.ci/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
