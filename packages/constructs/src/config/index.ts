export * from './naming';
export * from './service-config';
export * from './resolved-service-config';
