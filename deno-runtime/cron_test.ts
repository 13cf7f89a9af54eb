import { CronError, cronMatches, nextRun, parseCron } from './cron.ts';
import { assertEquals, assertThrows } from './testing.ts';

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);
const at = (iso: string) => new Date(`${iso}Z`);
const next = (expr: string, after: string) => nextRun(parseCron(expr), at(after))?.toISOString() ?? null;

Deno.test('every field accepts *, values, ranges, steps and lists', () => {
  const s = parseCron('*/15 9-17 1,15 JAN-MAR/2 mon-fri');
  assertEquals(sorted(s.minutes), [0, 15, 30, 45]);
  assertEquals(sorted(s.hours), [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  assertEquals(sorted(s.daysOfMonth), [1, 15]);
  assertEquals(sorted(s.months), [1, 3]);
  assertEquals(sorted(s.daysOfWeek), [1, 2, 3, 4, 5]);
});

Deno.test('a start with a step runs to the end of the field; ranges take steps', () => {
  assertEquals(sorted(parseCron('5/20 * * * *').minutes), [5, 25, 45]);
  assertEquals(sorted(parseCron('0 1-10/3 * * *').hours), [1, 4, 7, 10]);
  assertEquals(sorted(parseCron('0 0 * * 1,3-4,6').daysOfWeek), [1, 3, 4, 6]);
});

Deno.test('weekday 7 is Sunday, as 0 is', () => {
  assertEquals(sorted(parseCron('0 0 * * 7').daysOfWeek), [0]);
  assertEquals(sorted(parseCron('0 0 * * 5-7').daysOfWeek), [0, 5, 6]);
});

Deno.test('macros expand to their five fields', () => {
  assertEquals(sorted(parseCron('@hourly').minutes), [0]);
  assertEquals(sorted(parseCron('@daily').hours), [0]);
  assertEquals(sorted(parseCron('@weekly').daysOfWeek), [0]);
  assertEquals(sorted(parseCron('@yearly').months), [1]);
});

Deno.test('invalid expressions are refused with a reason', () => {
  assertThrows(() => parseCron('* * * *'), /has 4 field\(s\); cron needs 5/);
  assertThrows(() => parseCron('* * * * * *'), /needs 5/);
  assertThrows(() => parseCron('60 * * * *'), /60 is out of range for the minute field \(0-59\)/);
  assertThrows(() => parseCron('* 24 * * *'), /out of range for the hour/);
  assertThrows(() => parseCron('* * 0 * *'), /out of range for the day of month/);
  assertThrows(() => parseCron('* * * 13 *'), /out of range for the month/);
  assertThrows(() => parseCron('* * * * 8'), /out of range for the day of week/);
  assertThrows(() => parseCron('*/0 * * * *'), /step .* must be at least 1/);
  assertThrows(() => parseCron('5-1 * * * *'), /runs backwards/);
  assertThrows(() => parseCron('1,,2 * * * *'), /empty list item/);
  assertThrows(() => parseCron('a * * * *'), /not a valid value/);
  assertThrows(() => parseCron('1/2/3 * * * *'), /more than one/);
  assertThrows(() => parseCron('1-2-3 * * * *'), /not a valid range/);
  assertThrows(() => parseCron(''), /needs 5/);
  assertEquals(new CronError('x').name, 'CronError');
});

Deno.test('matching is in UTC, and both day fields restricted means either one', () => {
  const s = parseCron('30 12 13 * FRI');
  assertEquals(cronMatches(s, at('2026-02-13T12:30:00')), true); // the 13th (a Friday)
  assertEquals(cronMatches(s, at('2026-03-13T12:30:00')), true); // the 13th
  assertEquals(cronMatches(s, at('2026-03-06T12:30:00')), true); // a Friday
  assertEquals(cronMatches(s, at('2026-03-05T12:30:00')), false); // neither
  assertEquals(cronMatches(s, at('2026-03-13T12:31:00')), false);
  assertEquals(cronMatches(parseCron('0 0 1 * *'), at('2026-03-01T00:00:00')), true);
  assertEquals(cronMatches(parseCron('0 0 1 * *'), at('2026-03-02T00:00:00')), false);
});

Deno.test('nextRun finds the following matching minute', () => {
  assertEquals(next('* * * * *', '2026-01-01T10:00:30'), '2026-01-01T10:01:00.000Z');
  assertEquals(next('*/5 * * * *', '2026-01-01T10:03:00'), '2026-01-01T10:05:00.000Z');
  assertEquals(next('0 3 * * *', '2026-01-01T03:00:00'), '2026-01-02T03:00:00.000Z');
  assertEquals(next('0 0 29 2 *', '2026-03-01T00:00:00'), '2028-02-29T00:00:00.000Z');
  assertEquals(next('15 14 1 * *', '2026-12-31T23:59:00'), '2027-01-01T14:15:00.000Z');
  assertEquals(next('0 9 * * MON', '2026-01-01T00:00:00'), '2026-01-05T09:00:00.000Z');
  assertEquals(next('0 0 31 2 *', '2026-01-01T00:00:00'), null);
});
