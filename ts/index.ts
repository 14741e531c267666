export * from './express-service';
export * from './image';
export * from './scaling';
export * from './waf';
