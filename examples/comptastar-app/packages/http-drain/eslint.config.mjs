// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { typescriptConfig } from '../../eslint.config.typescript.mjs';

export default typescriptConfig({ js, tseslint });
