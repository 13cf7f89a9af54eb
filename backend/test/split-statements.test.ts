import { postgreSplitterOptions, splitQuery } from 'dbgate-query-splitter';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../src/db/split-statements.js';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it.each([
    ['plain statements', 'select 1; select 2;', ['select 1', 'select 2']],
    ['a semicolon in a string', "select 'a;b'; select 2", ["select 'a;b'", 'select 2']],
    ['a doubled quote in a string', "select 'it''s; here'; select 2", ["select 'it''s; here'", 'select 2']],
    [
      'a semicolon in a quoted identifier',
      'select "a;b" from t; select 2',
      ['select "a;b" from t', 'select 2'],
    ],
    [
      'a $$ body with semicolons',
      'create function f() returns int as $$ begin return 1; end; $$ language plpgsql; select 1',
      ['create function f() returns int as $$ begin return 1; end; $$ language plpgsql', 'select 1'],
    ],
    [
      'a $tag$ body holding $$ and quotes',
      "do $body$ begin perform ';$$'; end $body$; select 2",
      ["do $body$ begin perform ';$$'; end $body$", 'select 2'],
    ],
    ['a -- comment with a semicolon', 'select 1; -- note; here\nselect 2', ['select 1', 'select 2']],
    [
      'a /* */ comment with a semicolon',
      'select /* a; b */ 1; select 2',
      ['select /* a; b */ 1', 'select 2'],
    ],
    ['empty statements', ' ; select 1;; ;\n; select 2 ;', ['select 1', 'select 2']],
    ['a statement of comments only', 'select 1; -- just this;\n/* and this; */', ['select 1']],
    ['nothing but whitespace', '  \n\t ', []],
    // Cases dbgate-query-splitter gets wrong on its own, corrected by maskForSplitter:
    [
      "an E'' string with an escaped quote",
      "select E'it\\'s; x'; select 2",
      ["select E'it\\'s; x'", 'select 2'],
    ],
    [
      'an E string ending in an escaped backslash',
      "select e'\\\\'; select 2",
      ["select e'\\\\'", 'select 2'],
    ],
    [
      'a name ending in e before a string',
      "select time'10:00'; select 2",
      ["select time'10:00'", 'select 2'],
    ],
    ['nested block comments', 'select 1 /* a /* b; */ c; */; select 2', ['select 1', 'select 2']],
    [
      '$ inside identifiers',
      'select a$b$ from t; select c$b$ from u; select 3',
      ['select a$b$ from t', 'select c$b$ from u', 'select 3'],
    ],
    ['positional parameters', 'select $1; select $2', ['select $1', 'select $2']],
  ])('%s', (_name, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });

  it('gives each statement its offset in the submitted text', () => {
    const sql = '  select 1;\n-- c\n  select 2';
    for (const statement of splitStatements(sql)) {
      expect(sql.slice(statement.offset, statement.offset + statement.text.length)).toBe(statement.text);
    }
    expect(splitStatements(sql).map((s) => s.offset)).toEqual([2, 19]);
  });

  it('keeps an unterminated string as one statement for the server to reject', () => {
    expect(texts("select 'open; select 2")).toEqual(["select 'open; select 2"]);
  });
});

describe('dbgate-query-splitter on its own', () => {
  // If one of these starts passing after an upgrade, the matching correction in maskForSplitter can go.
  it.each([
    ["an E'' string", "select E'it\\'s; x'; select 2", ["select E'it\\'s; x'", 'select 2']],
    [
      'a nested comment',
      'select 1 /* a /* b; */ c; */; select 2',
      ['select 1 /* a /* b; */ c; */', 'select 2'],
    ],
    [
      '$ inside identifiers',
      'select a$b$ from t; select c$b$ from u; select 3',
      ['select a$b$ from t', 'select c$b$ from u', 'select 3'],
    ],
  ])('misreads %s', (_name, sql, right) => {
    expect(splitQuery(sql, postgreSplitterOptions)).not.toEqual(right);
  });
});
