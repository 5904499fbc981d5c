export * from './blue-green-service';
export * from './blue-green-service-props';
export * from './compta-star-service';
export * from './instance-layout';
export * from './waf-setting';
export * from './web-acl';
