// The repository lints itself: typescript-eslint type-checked rules everywhere, plus
// eslint-plugin-eslint-plugin on the plugin's own rules. Each package runs `eslint .`
// and ESLint 10 finds this file by walking up from the linted files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import eslintPlugin from 'eslint-plugin-eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/fixtures/**',
      '**/.data/**',
      'bench/corpus/**',
      'bench/results/**',
      '**/*.edge.test.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', '*.cjs', 'packages/*/bin/*.js', '.ci/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/eslint-plugin/src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    // The published packages are ES modules: a value import of typescript makes Node lex all of
    // typescript.js (~9 MB) for its export names in every process (~0.25 s). Types are free.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'typescript',
              allowTypeImports: true,
              message:
                "Import only types from 'typescript' (import type * as ts from 'typescript') and take the value from the package's typescript.ts module (src/util/typescript.ts in eslint-plugin, src/typescript.ts in gen-edge-tests), which loads it with require.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
