export * from './config';
export * from './service';
export * from './pipeline';
export * from './network';
export * from './fleet';
export * from './common';
export * from './notifications';
