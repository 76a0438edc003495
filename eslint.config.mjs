import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Which layer may run which layer's code (docs/architecture.md, "Layers" and "Shared layer"). Type-only
// imports are allowed across layers except from 'vscode': types leave nothing in a bundle.
const VSCODE = {
  name: 'vscode',
  message:
    "Only src/vscode/ may import 'vscode': core, remote, cli, shared and webview stay editor-free (docs/architecture.md, Layers).",
};
const layer = (name, why) => ({ group: [`**/${name}/**`], allowTypeImports: true, message: why });
const WEBVIEW = layer(
  'webview',
  'The host never runs webview code: code both sides run lives in src/shared/ (docs/architecture.md, Shared layer).',
);
const HOST = (name) =>
  layer(
    `src/${name}`,
    `The webview runs only its own code and src/shared/: move what both sides run to src/shared/ (docs/architecture.md, Shared layer).`,
  );
const BELOW = (name, from) =>
  layer(
    name,
    `${from} sits below ${name}: the direction is vscode → remote → core → shared (docs/architecture.md, Layers).`,
  );
const restrict = (patterns, paths = [VSCODE]) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '*.vsix', '.demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      ...restrict([]),
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: the named import keeps all of zod in the bundle.",
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The glue layer is the one place allowed to talk to the editor API.
  { files: ['src/vscode/**/*.ts'], rules: restrict([WEBVIEW], []) },
  { files: ['src/cli/**/*.ts'], rules: restrict([WEBVIEW, BELOW('vscode', 'src/cli')]) },
  {
    files: ['src/remote/**/*.ts'],
    rules: restrict([WEBVIEW, BELOW('vscode', 'src/remote'), BELOW('cli', 'src/remote')]),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      WEBVIEW,
      BELOW('vscode', 'src/core'),
      BELOW('cli', 'src/core'),
      BELOW('remote', 'src/core'),
    ]),
  },
  // Shared code runs in the extension host and in the webview's browser alike: no Node, no layer above it.
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      WEBVIEW,
      BELOW('vscode', 'src/shared'),
      BELOW('cli', 'src/shared'),
      BELOW('remote', 'src/shared'),
      BELOW('core', 'src/shared'),
      { group: ['node:*'], message: 'src/shared/ also runs in the webview, where Node is not there.' },
    ]),
  },
  { files: ['webview/**/*.ts'], rules: restrict(['core', 'remote', 'vscode', 'cli'].map(HOST)) },
  {
    files: ['scripts/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
