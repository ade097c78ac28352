export * from './algorithms/index.js';
