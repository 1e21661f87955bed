export * from './api';
export * from './errors';
export * from './ids';
export * from './payloads';
export * from './topics';
