export * from './reading-batch';
export * from './sensor';
export * from './event';
export * from './errors';
export * from './duration';
