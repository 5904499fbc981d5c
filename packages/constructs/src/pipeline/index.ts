export * from './blue-green-pipeline';
