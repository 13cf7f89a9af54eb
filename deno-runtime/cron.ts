/**
 * Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC.
 * Fields accept `*`, numbers, ranges `a-b`, steps `*\/n`, `a-b/n`, `a/n`, and comma lists;
 * months and weekdays also accept names (JAN…DEC, SUN…SAT); weekday 7 is Sunday like 0.
 * When both day fields are restricted, a day matches if either does (as Vixie cron does).
 * The macros @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly are accepted.
 *
 * Written here rather than imported: the runtime must start offline, and neither Deno's standard
 * library nor an npm cron package is available without a download at run time.
 */

export type CronSchedule = Readonly<{
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Whether the day-of-month / day-of-week field was `*` (then only the other one restricts). */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}>;

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

type FieldSpec = { name: string; min: number; max: number; names?: readonly string[] };

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== 'string') throw new CronError('a cron expression must be a string');
  const source = expression.trim();
  const expanded = MACROS[source.toLowerCase()] ?? source;
  const parts = expanded.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    throw new CronError(
      `"${source}" has ${parts.length} field(s); cron needs 5: minute hour day-of-month month day-of-week`,
    );
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = parts.map((part, i) =>
    parseField(part, FIELDS[i] as FieldSpec),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    source,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    anyDayOfMonth: parts[2] === '*',
    anyDayOfWeek: parts[4] === '*',
  };
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new CronError(`empty list item in the ${spec.name} field "${text}"`);
    const [range, stepText, ...extra] = item.split('/');
    if (extra.length > 0 || range === undefined) {
      throw new CronError(`"${item}" in the ${spec.name} field has more than one "/"`);
    }
    let step = 1;
    if (stepText !== undefined) {
      step = number(stepText, spec, 'step');
      if (step < 1) throw new CronError(`the step in "${item}" (${spec.name}) must be at least 1`);
    }
    let low: number;
    let high: number;
    if (range === '*') {
      low = spec.min;
      high = spec.name === 'day of week' ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a, b, ...rest] = range.split('-');
      if (rest.length > 0 || a === undefined || b === undefined) {
        throw new CronError(`"${item}" is not a valid range in the ${spec.name} field`);
      }
      low = value(a, spec);
      high = value(b, spec);
      if (low > high) throw new CronError(`the range "${range}" (${spec.name}) runs backwards`);
    } else {
      low = value(range, spec);
      // "5/15" means from 5 to the end of the field, every 15.
      high = stepText === undefined ? low : spec.max;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, spec: FieldSpec): number {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.name === 'month' ? 1 : 0);
  const n = number(text, spec, 'value');
  if (n < spec.min || n > spec.max) {
    throw new CronError(`${n} is out of range for the ${spec.name} field (${spec.min}-${spec.max})`);
  }
  return n;
}

function number(text: string, spec: FieldSpec, what: string): number {
  if (!/^\d{1,4}$/.test(text))
    throw new CronError(`"${text}" is not a valid ${what} in the ${spec.name} field`);
  return Number(text);
}

/** Whether the schedule fires in the minute that contains `date` (UTC). */
export function cronMatches(schedule: CronSchedule, date: Date): boolean {
  if (!schedule.minutes.has(date.getUTCMinutes())) return false;
  if (!schedule.hours.has(date.getUTCHours())) return false;
  if (!schedule.months.has(date.getUTCMonth() + 1)) return false;
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.anyDayOfMonth && schedule.anyDayOfWeek) return true;
  if (schedule.anyDayOfMonth) return dow;
  if (schedule.anyDayOfWeek) return dom;
  return dom || dow;
}

/** The first minute strictly after `after` at which the schedule fires, or null within 5 years. */
export function nextRun(schedule: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!cronMatches({ ...schedule, minutes: ALL_MINUTES, hours: ALL_HOURS }, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (schedule.minutes.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return null;
}

const ALL_MINUTES: ReadonlySet<number> = new Set(Array.from({ length: 60 }, (_, i) => i));
const ALL_HOURS: ReadonlySet<number> = new Set(Array.from({ length: 24 }, (_, i) => i));
