import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

const APPS = ['gateway', 'inventory', 'discovery', 'executor', 'console-relay', 'web'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', 'libs/db/src/generated/**', '**/next-env.d.ts', '.reports/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // An app never imports another app: shared code goes to libs/.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: APPS.map((app) => `@pve-nexus/${app}`), message: 'Apps never import other apps; move shared code to libs/.' },
            { group: APPS.map((app) => `**/apps/${app}/**`), message: 'Apps never import other apps; move shared code to libs/.' },
          ],
        },
      ],
    },
  },
  {
    // Only repositories (and the modules that wire them) touch the database client.
    files: ['apps/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.module.ts', '**/seed/**', '**/cli/**', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@pve-nexus/db', message: 'Only *.repository.ts files (and module wiring) use the database client.' }],
          patterns: [
            { group: APPS.map((app) => `@pve-nexus/${app}`), message: 'Apps never import other apps; move shared code to libs/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-expect': 'error',
    },
  },
);
