export * from './market';
export * from './users';
export * from './trading';
