#!/usr/bin/env bun
import { VERSION } from '../src/version.ts'

const args = process.argv.slice(2)
if (args[0] === '--version' || args[0] === 'version') {
  console.log(`dbtooling ${VERSION}`)
  process.exit(0)
}
console.error('usage: dbtooling <command> [options]\n       dbtooling --version')
process.exit(args.length === 0 ? 0 : 2)
