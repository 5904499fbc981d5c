export { HttpDrain, type HttpDrainOptions } from './http-drain.js';
