export * from './compta-star-service';
export * from './instance-layout';
export * from './web-acl';
