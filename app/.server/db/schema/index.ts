export * from './market';
export * from './users';
export * from './trading';
export * from './funding';
export * from './auth';
