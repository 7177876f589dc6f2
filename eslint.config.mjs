// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';

const RELATIVE_PARENT = { group: ['../*', '../**'], message: 'Use absolute imports (src/...).' };

/**
 * Module boundaries, as an allow-list: from another feature module, only its service, its Nest
 * module, its response DTOs and its job declarations may be imported.
 */
const moduleBoundaries = readdirSync(new URL('./src/modules', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => ({
    files: [`src/modules/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            RELATIVE_PARENT,
            {
              group: [
                'src/modules/*/**',
                `!src/modules/${name}/**`,
                // gitignore semantics: a file cannot be re-included while its folder is excluded.
                '!src/modules/*/dto/',
                '!src/modules/*/jobs/',
                '!src/modules/*/*.service',
                '!src/modules/*/*.module',
                '!src/modules/*/dto/*.response',
                '!src/modules/*/jobs/*.job',
              ],
              message:
                "Reach another module only through its *.service, *.module, dto/*.response or jobs/*.job.",
            },
          ],
        },
      ],
    },
  }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'scripts/**',
      'bench/**/*.mjs',
      'eslint.config.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: 'error',
      curly: 'error',
      'no-restricted-imports': ['error', { patterns: [RELATIVE_PARENT] }],
    },
  },
  ...moduleBoundaries,
  {
    // The web app (bundled by Vite) has no src/ alias: relative imports are its module graph.
    files: ['web/**/*.ts', 'web/**/*.tsx', 'web/**/*.mts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
