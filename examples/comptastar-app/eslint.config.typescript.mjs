// ESLint for the workspace's TypeScript packages other than the Next.js app (apps/api,
// packages/*): each package's eslint.config.mjs passes in its own @eslint/js and
// typescript-eslint (pnpm installs them per package, not here).
export function typescriptConfig({ js, tseslint }) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      rules: {
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
  );
}
