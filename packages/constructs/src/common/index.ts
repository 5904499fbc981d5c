export * from './log-encryption';
