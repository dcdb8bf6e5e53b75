export { mountWeb } from './routes.ts';
