import { describeLoadError, describeModule, isFunctionName } from './module-meta.ts';
import { assertEquals } from './testing.ts';

const handler = () => null;

Deno.test('a module without triggers is callable over HTTP with any method', () => {
  assertEquals(describeModule({ default: handler }), {
    ok: true,
    meta: { description: null, triggers: [{ type: 'http' }], runOnce: false },
  });
});

Deno.test('triggers are normalised: methods upper-cased, operations defaulted', () => {
  const result = describeModule({
    default: handler,
    description: 'd',
    runOnce: true,
    triggers: [
      { type: 'http', method: 'post' },
      { type: 'database', table: 'orders' },
      { type: 'event', event: 'user.created' },
      { type: 'schedule', cron: ' */5 * * * * ' },
    ],
  });
  assertEquals(result, {
    ok: true,
    meta: {
      description: 'd',
      triggers: [
        { type: 'http', method: ['POST'] },
        { type: 'database', table: 'orders', operations: ['INSERT', 'UPDATE', 'DELETE'] },
        { type: 'event', event: 'user.created' },
        { type: 'schedule', cron: '*/5 * * * *' },
      ],
      runOnce: true,
    },
  });
});

Deno.test('every problem is listed', () => {
  const result = describeModule({
    default: 42,
    runOnce: 'yes',
    triggers: [
      { type: 'http', method: ['FETCH'] },
      { type: 'schedule', cron: '* *' },
      { type: 'database', table: 'x; drop', operations: ['SELECT'] },
      { type: 'event' },
      null,
    ],
  });
  assertEquals(result.ok, false);
  assertEquals(result.ok ? 0 : result.errors.length, 7);
});

Deno.test('function names: no slashes, dots, upper case or reserved words', () => {
  assertEquals(['hello', 'a_b-c', '9lives'].map(isFunctionName), [true, true, true]);
  assertEquals(['a/b', '..', 'Hello', '-x', 'health', 'emit-event', ''].map(isFunctionName), [
    false,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

Deno.test('a syntax error is reported by line and column, without the file path', () => {
  const err = new TypeError(
    'SyntaxError: Expression expected\n  |\n2 |   const x = ;\n  |             ~\n    at file:///tmp/x/function.ts:2:13',
  );
  assertEquals(describeLoadError(err, 'file:///tmp/x/function.ts'), 'line 2, column 13: Expression expected');
  assertEquals(
    describeLoadError(
      new Error('Module not found "file:///tmp/x/function.ts/../y.ts"'),
      'file:///tmp/x/function.ts',
    ),
    'Module not found "<module>/../y.ts"',
  );
});
