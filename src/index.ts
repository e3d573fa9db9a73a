// Public API of dbtooling. Everything users and other layers import comes from here.
export { VERSION } from './version.ts'
