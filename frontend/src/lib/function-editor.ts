import type { Diagnostic } from '../api/types';
import { monaco } from './monaco';

/** Markers of `deno lint` and `deno check`, kept apart from any other owner's. */
export const DIAGNOSTICS_OWNER = 'selfdb-deno';

let types: Promise<void> | null = null;

/**
 * TypeScript settings for function modules (Deno: ES modules, `.ts` imports), and the Deno and
 * SelfDB declarations for hovers and completion, added once per page load. Problems come only from
 * the API's `deno lint` and `deno check`: the worker's own checks would disagree with Deno about
 * `jsr:`/`npm:` imports and about Deno's globals beside the DOM's, and show everything twice.
 */
export function prepareFunctionEditor(loadTypes: () => Promise<string>): Promise<void> {
  if (!types) {
    const ts = monaco.typescript;
    ts.typescriptDefaults.setCompilerOptions({
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      lib: ['esnext', 'dom'],
      allowNonTsExtensions: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      noImplicitAny: false,
    });
    ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: true });
    types = loadTypes().then(
      (declarations) => {
        ts.typescriptDefaults.addExtraLib(declarations, 'file:///selfdb/deno.d.ts');
      },
      (err: unknown) => {
        types = null;
        throw err;
      },
    );
  }
  return types;
}

/**
 * Monaco markers for the API's diagnostics (1-based, like Monaco). `deno check` reports a point:
 * the marker then covers the word there, so it can be seen and hovered.
 */
export function setDiagnosticMarkers(model: monaco.editor.ITextModel, diagnostics: Diagnostic[]): void {
  const lines = model.getLineCount();
  monaco.editor.setModelMarkers(
    model,
    DIAGNOSTICS_OWNER,
    diagnostics.map((d) => {
      const line = Math.min(Math.max(d.line, 1), lines);
      const point = d.end_line === d.line && d.end_column <= d.column;
      const word = point ? model.getWordAtPosition({ lineNumber: line, column: d.column }) : null;
      return {
        severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: d.message,
        code: d.code,
        source: d.code.startsWith('TS') ? 'deno check' : 'deno lint',
        startLineNumber: line,
        startColumn: word?.startColumn ?? d.column,
        endLineNumber: point ? line : Math.min(Math.max(d.end_line, 1), lines),
        endColumn: word?.endColumn ?? (point ? d.column + 1 : d.end_column),
      };
    }),
  );
}
