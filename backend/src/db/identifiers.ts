import { AppError } from '../errors/app-error.js';

/** Names a user may give a table or column: ASCII letters, digits, underscore; at most 63 bytes. */
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/;

/** Throws 400 INVALID_IDENTIFIER unless `name` is a plain identifier (quotes, spaces, unicode refused). */
export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) {
    throw new AppError(
      'INVALID_IDENTIFIER',
      `Invalid ${what} "${name.slice(0, 80)}": use letters, digits and underscores, starting with a letter or underscore, at most 63 characters`,
    );
  }
  return name;
}

/** The one identifier quoter: every identifier in generated SQL goes through here. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal for the few places SQL cannot take a parameter (DDL defaults, comments). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
