export * from './alerts';
export * from './api';
export * from './errors';
export * from './estimates';
export * from './fridgeAdmin';
export * from './ids';
export * from './payloads';
export * from './topics';
