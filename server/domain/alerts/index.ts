export * from './config';
export { alertStep, nextAlertDeadline } from './rules';
export * from './types';
export * from './words';
