// ESLint for TypeScript and Svelte, with the project's architecture rules:
// the client never imports the server, shared/ imports nothing of ours outside itself, the
// server never imports the client, and no module imports itself in a circle. Formatting is
// Prettier's (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const forbid = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups.map(([pattern, message]) => ({ group: [pattern], message })) }] });

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'data/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.svelte'] } },
      'import-x/extensions': ['.ts', '.js', '.svelte'],
      // The cycle check reads each imported file with the parser for its kind, not the importer's.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.js'] },
      // Components are leaves of the import graph; the cycle check follows TypeScript modules.
      'import-x/ignore': ['\\.svelte$'],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Data is never rendered as HTML (DESIGN: no {@html}, no Leaflet HTML strings for data).
      'svelte/no-at-html-tags': 'error',
      // Live state is held in $state.raw fields and replaced whole (a new Map per batch), so the
      // built-in collections are deliberate: Svelte's reactive ones would track every entry.
      'svelte/prefer-svelte-reactivity': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `let x; use(() => x); x = ...` is how a closure sees a value set later: not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
    // `let { a, b } = $props()` is how Svelte 5 declares props; its own rule knows runes.
    rules: { 'prefer-const': 'off', 'svelte/prefer-const': ['error', { ignoreReadBeforeAssign: true }] },
  },
  { files: ['client/**'], rules: forbid(['**/server/**', 'the client never imports server code; share it through shared/']) },
  { files: ['server/**'], rules: forbid(['**/client/**', 'the server never imports client code; share it through shared/']) },
  {
    files: ['shared/**'],
    rules: forbid(
      ['**/server/**', 'shared/ is imported by both sides and imports neither'],
      ['**/client/**', 'shared/ is imported by both sides and imports neither'],
    ),
  },
);
