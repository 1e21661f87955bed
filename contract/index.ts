export * from './alerts';
export * from './api';
export * from './ids';
export * from './payloads';
export * from './topics';
