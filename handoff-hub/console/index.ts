export { mountConsole } from './mount.ts';
