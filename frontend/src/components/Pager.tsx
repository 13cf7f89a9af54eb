import type { ReactNode } from 'react';
import { IconButton } from './ui';

type PagerProps = {
  /** The current page, from 1. */
  page: number;
  /** How many pages there are, when the API says (null: unknown). */
  pageCount: number | null;
  hasNext: boolean;
  onPage(page: number): void;
  /** What the list holds, shown on the left (e.g. "120 rows"). */
  summary: ReactNode;
  /** A page-size choice, e.g. `{ label: 'Rows per page', value: 50, options: [25, 50, 100] }`. */
  pageSize?: { label: string; value: number; options: readonly number[]; onChange(size: number): void };
  className?: string;
};

/** The paging bar under a list: a summary, an optional page-size choice, previous and next. */
export function Pager({ page, pageCount, hasNext, onPage, summary, pageSize, className }: PagerProps) {
  return (
    <div className={`pager ${className ?? ''}`}>
      <span className="muted">{summary}</span>
      <div className="pager-controls">
        {pageSize ? (
          <label className="pager-size">
            {pageSize.label}
            <select
              className="input"
              value={pageSize.value}
              onChange={(e) => pageSize.onChange(Number(e.target.value))}
            >
              {pageSize.options.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <IconButton
          icon="chevronLeft"
          label="Previous page"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        />
        <span className="pager-page">
          Page {page}
          {pageCount === null ? '' : ` of ${Math.max(1, pageCount)}`}
        </span>
        <IconButton
          icon="chevronRight"
          label="Next page"
          disabled={!hasNext}
          onClick={() => onPage(page + 1)}
        />
      </div>
    </div>
  );
}
