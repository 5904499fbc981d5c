export * from './naming';
export * from './service-config';
