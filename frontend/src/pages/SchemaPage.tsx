import { useQuery } from '@tanstack/react-query';
import {
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from 'react';
import { Link } from 'react-router';
import { schema } from '../api/endpoints';
import type { SchemaGraph } from '../api/types';
import { Icon } from '../components/icons';
import { Button, EmptyState, ErrorState, IconButton, LoadingState, PageHeader } from '../components/ui';
import { shortType } from '../lib/column-types';

const NODE_WIDTH = 240;
const HEADER = 38;
const ROW = 26;
const GAP_X = 90;
const GAP_Y = 60;
const STORAGE_KEY = 'selfdb.schema.positions';

type Point = { x: number; y: number };
type View = { x: number; y: number; scale: number };

function loadPositions(): Record<string, Point> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, Point>;
  } catch {
    return {};
  }
}

/** A first layout: tables in rows of four, each row as tall as its tallest table. */
export function gridLayout(nodes: SchemaGraph['nodes']): Record<string, Point> {
  const positions: Record<string, Point> = {};
  const perRow = Math.max(1, Math.min(4, Math.ceil(Math.sqrt(nodes.length))));
  let y = 40;
  for (let i = 0; i < nodes.length; i += perRow) {
    const row = nodes.slice(i, i + perRow);
    row.forEach((n, j) => {
      positions[n.id] = { x: 40 + j * (NODE_WIDTH + GAP_X), y };
    });
    y += Math.max(...row.map((n) => HEADER + n.columns.length * ROW)) + GAP_Y;
  }
  return positions;
}

export default function SchemaPage() {
  const graph = useQuery({ queryKey: ['schema-graph'], queryFn: schema.graph });
  return (
    <div className="page page-wide schema-page">
      <PageHeader
        title="Schema"
        icon="schema"
        subtitle="Tables and foreign keys. Drag tables to arrange them, drag the background to pan, scroll to zoom."
      />
      {graph.isPending ? (
        <LoadingState label="Loading the schema…" />
      ) : graph.error ? (
        <ErrorState error={graph.error} onRetry={() => void graph.refetch()} />
      ) : graph.data.nodes.length === 0 ? (
        <div className="card">
          <EmptyState
            icon="schema"
            title="No tables to draw"
            action={
              <Link className="btn btn-primary btn-md" to="/tables">
                Create a table
              </Link>
            }
          >
            The diagram shows every table in the public schema and the foreign keys between them.
          </EmptyState>
        </div>
      ) : (
        <Diagram graph={graph.data} />
      )}
    </div>
  );
}

function Diagram({ graph }: { graph: SchemaGraph }) {
  const [positions, setPositions] = useState<Record<string, Point>>(() => ({
    ...gridLayout(graph.nodes),
    ...loadPositions(),
  }));
  const [view, setView] = useState<View>({ x: 0, y: 0, scale: 1 });
  const drag = useRef<{ kind: 'pan' | 'node'; id?: string; start: Point; origin: Point } | null>(null);
  const canvas = useRef<HTMLDivElement>(null);

  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(positions));
  }, [positions]);

  const nodesById = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph.nodes]);
  const pos = useCallback((id: string) => positions[id] ?? { x: 0, y: 0 }, [positions]);

  const onPointerDown = (e: ReactPointerEvent, nodeId?: string) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    drag.current = nodeId
      ? { kind: 'node', id: nodeId, start: { x: e.clientX, y: e.clientY }, origin: pos(nodeId) }
      : { kind: 'pan', start: { x: e.clientX, y: e.clientY }, origin: { x: view.x, y: view.y } };
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.start.x;
    const dy = e.clientY - d.start.y;
    if (d.kind === 'pan') setView((v) => ({ ...v, x: d.origin.x + dx, y: d.origin.y + dy }));
    else if (d.id) {
      const id = d.id;
      setPositions((p) => ({
        ...p,
        [id]: { x: d.origin.x + dx / view.scale, y: d.origin.y + dy / view.scale },
      }));
    }
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const zoomAt = (factor: number, clientX?: number, clientY?: number) => {
    const rect = canvas.current?.getBoundingClientRect();
    const cx = clientX !== undefined && rect ? clientX - rect.left : (rect?.width ?? 0) / 2;
    const cy = clientY !== undefined && rect ? clientY - rect.top : (rect?.height ?? 0) / 2;
    setView((v) => {
      const scale = Math.min(2.5, Math.max(0.25, v.scale * factor));
      const k = scale / v.scale;
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });
  };
  const onWheel = (e: WheelEvent) => zoomAt(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX, e.clientY);

  const anchor = (nodeId: string, column: string, side: 'left' | 'right'): Point => {
    const node = nodesById.get(nodeId);
    const p = pos(nodeId);
    const index = Math.max(0, node?.columns.findIndex((c) => c.column_name === column) ?? 0);
    return { x: p.x + (side === 'right' ? NODE_WIDTH : 0), y: p.y + HEADER + index * ROW + ROW / 2 };
  };

  return (
    <div className="diagram card">
      <div className="diagram-controls">
        <IconButton icon="plus" label="Zoom in" onClick={() => zoomAt(1.2)} />
        <span className="zoom-level">{Math.round(view.scale * 100)}%</span>
        <IconButton icon="minus" label="Zoom out" onClick={() => zoomAt(1 / 1.2)} />
        <Button size="sm" icon="maximize" onClick={() => setView({ x: 0, y: 0, scale: 1 })}>
          Reset view
        </Button>
        <Button size="sm" icon="refresh" onClick={() => setPositions(gridLayout(graph.nodes))}>
          Auto layout
        </Button>
      </div>
      <div
        ref={canvas}
        className="diagram-canvas"
        data-testid="schema-canvas"
        onPointerDown={(e) => onPointerDown(e)}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onWheel={onWheel}
      >
        <div
          className="diagram-world"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        >
          <svg className="diagram-edges" width="1" height="1" overflow="visible" aria-hidden="true">
            <defs>
              <marker
                id="fk-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0 0L10 5L0 10z" fill="var(--brand)" />
              </marker>
            </defs>
            {graph.edges.map((edge) => {
              const s = pos(edge.source);
              const t = pos(edge.target);
              const sourceRight = s.x + NODE_WIDTH / 2 < t.x + NODE_WIDTH / 2;
              const a = anchor(edge.source, edge.source_column, sourceRight ? 'right' : 'left');
              const b = anchor(edge.target, edge.target_column, sourceRight ? 'left' : 'right');
              const bend = Math.max(40, Math.abs(b.x - a.x) / 2);
              const d = `M${a.x},${a.y} C${a.x + (sourceRight ? bend : -bend)},${a.y} ${b.x + (sourceRight ? -bend : bend)},${b.y} ${b.x},${b.y}`;
              return (
                <g key={edge.id}>
                  <path d={d} className="edge" markerEnd="url(#fk-arrow)" />
                  <title>
                    {edge.label ||
                      `${edge.source}.${edge.source_column} → ${edge.target}.${edge.target_column}`}
                  </title>
                </g>
              );
            })}
          </svg>
          {graph.nodes.map((node) => {
            const p = pos(node.id);
            return (
              <div
                key={node.id}
                className="diagram-node"
                data-testid={`schema-node-${node.id}`}
                style={{ transform: `translate(${p.x}px, ${p.y}px)`, width: NODE_WIDTH }}
                onPointerDown={(e) => onPointerDown(e, node.id)}
              >
                <div className="diagram-node-head" title={node.description ?? undefined}>
                  <Icon name="table" size={14} />
                  <Link
                    to={`/tables/${encodeURIComponent(node.label)}`}
                    onPointerDown={(e) => e.stopPropagation()}
                  >
                    {node.label}
                  </Link>
                </div>
                {node.columns.map((c) => (
                  <div key={c.column_name} className="diagram-col">
                    <span className="diagram-col-name">
                      {node.primary_keys.includes(c.column_name) ? (
                        <Icon name="key" size={11} className="pk-icon" />
                      ) : null}
                      {c.column_name}
                    </span>
                    <span className="diagram-col-type">{shortType(c.data_type)}</span>
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
