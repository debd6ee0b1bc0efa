// The configuration capability's public surface: what other folders may use of it.
export { configurationMethods, configurationPublicMethods } from './methods.ts';
