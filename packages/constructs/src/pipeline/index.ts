export * from './blue-green-pipeline';
export * from './blue-green-pipeline-props';
