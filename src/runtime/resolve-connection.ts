export { resolveConnection } from '../warehouse/engines.js';
