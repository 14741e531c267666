export * from './checks';
export * from './express-service';
export * from './helpers';
export * from './image';
export * from './props';
export * from './scaling';
export * from './waf';
