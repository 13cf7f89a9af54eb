import { postgreSplitterOptions, splitQuery } from 'dbgate-query-splitter';
// The package's index does not re-export its token scanner; the module that defines it does.
import {
  type ScannerContext,
  type SplitResultItemRich,
  scanToken,
} from 'dbgate-query-splitter/lib/splitQuery.js';

/** One statement of a submitted script, and where it starts in that script (a string index). */
export type SqlStatement = { text: string; offset: number };

const OPTIONS = {
  ...postgreSplitterOptions,
  returnRichInfo: true,
  // Comments count as blank space: a statement starts at its first token, and a statement made
  // only of comments is dropped instead of being sent to the server as an empty query.
  ignoreComments: true,
};

/** Characters that may continue an identifier (PostgreSQL also allows `$` after the first one). */
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Splits a script into statements with dbgate-query-splitter's PostgreSQL lexer (quotes, quoted
 * identifiers, `$$` and `$tag$` bodies, `--` and `/* *\/` comments, empty statements).
 *
 * That lexer misreads three PostgreSQL constructs, which `maskForSplitter` corrects first:
 * E'...' strings (a backslash escapes a quote: `E'it\'s; x'`), nested block comments
 * (`/* a /* b *\/ still a *\/`) and `$` inside an identifier (`a$b$c` is one name, not the start
 * of a dollar-quoted body).
 */
export function splitStatements(sql: string): SqlStatement[] {
  const items = splitQuery(maskForSplitter(sql), OPTIONS) as SplitResultItemRich[];
  const statements: SqlStatement[] = [];
  for (const item of items) {
    const start = item.trimStart?.position ?? item.start.position;
    const end = item.trimEnd?.position ?? item.end.position;
    // A part made only of comments comes back with its trimmed end before its trimmed start.
    if (end > start) statements.push({ text: sql.slice(start, end), offset: start });
  }
  return statements;
}

/**
 * A copy of `sql`, of the same length, in which the constructs the lexer misreads are replaced by
 * ones it reads right: the inside of E'...' strings and of block comments becomes blank space, and
 * a `$` inside an identifier becomes a plain letter. Positions are unchanged, so statements are
 * cut from the original text at the offsets found in the copy.
 */
export function maskForSplitter(sql: string): string {
  const chars = sql.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  const base: Omit<ScannerContext, 'position'> = {
    options: OPTIONS,
    source: sql,
    currentDelimiter: ';',
    end: sql.length,
    wasDataOnLine: false,
    isCopyFromStdin: false,
    isCopyFromStdinCandidate: false,
    beginEndIdentLevel: 0,
  };
  let pos = 0;
  while (pos < sql.length) {
    const token = scanToken({ ...base, position: pos });
    let length = token.length;
    if (token.type === 'string' && sql[pos] === "'" && startsEscapeString(sql, pos)) {
      length = escapeStringLength(sql, pos);
      blank(pos + 1, pos + length - 1);
    } else if (token.type === 'string' && sql[pos] === '$' && !startsDollarQuote(sql, pos)) {
      chars[pos] = 'x';
      length = 1;
    } else if (token.type === 'comment' && sql.startsWith('/*', pos)) {
      length = blockCommentLength(sql, pos);
      blank(pos + 2, pos + length - 2);
    }
    pos += Math.max(1, length);
  }
  return chars.join('');
}

/** `E'` or `e'` where the E is not the end of a longer name (`time'10:00'` is not an E-string). */
function startsEscapeString(sql: string, quote: number): boolean {
  const prefix = sql[quote - 1];
  if (prefix !== 'E' && prefix !== 'e') return false;
  const before = sql[quote - 2];
  return before === undefined || !IDENT_CHAR.test(before);
}

/** Length of an E'...' string from its opening quote: `\x` and `''` do not close it. */
function escapeStringLength(sql: string, quote: number): number {
  let i = quote + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' || (sql[i] === "'" && sql[i + 1] === "'")) i += 2;
    else if (sql[i] === "'") return i + 1 - quote;
    else i += 1;
  }
  return sql.length - quote;
}

/** A dollar quote opens only outside a name, and its tag does not start with a digit (`$1` is a parameter). */
function startsDollarQuote(sql: string, dollar: number): boolean {
  const before = sql[dollar - 1];
  if (before !== undefined && IDENT_CHAR.test(before)) return false;
  return !/[0-9]/.test(sql[dollar + 1] ?? '');
}

/** Length of a block comment from its `/*`, counting nested comments as PostgreSQL does. */
function blockCommentLength(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i - start;
    } else {
      i += 1;
    }
  }
  return sql.length - start;
}
