import { useEffect, useRef } from 'react';
import { monaco } from '../lib/monaco';
import { useTheme } from '../lib/theme';

/**
 * A read-only side-by-side diff in Monaco. Built on the editor API rather than the React
 * wrapper's DiffEditor, which disposes its models before the diff editor and makes Monaco throw
 * ("TextModel got disposed before DiffEditorWidget model got reset") whenever it unmounts.
 */
export function CodeDiff({
  original,
  modified,
  language,
}: {
  original: string;
  modified: string;
  language: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const { theme } = useTheme();

  useEffect(() => {
    if (!host.current) return;
    const diff = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      automaticLayout: true,
      fontSize: 13,
    });
    editor.current = diff;
    return () => {
      const models = diff.getModel();
      diff.dispose();
      models?.original.dispose();
      models?.modified.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const diff = editor.current;
    if (!diff) return;
    const previous = diff.getModel();
    diff.setModel({
      original: monaco.editor.createModel(original, language),
      modified: monaco.editor.createModel(modified, language),
    });
    previous?.original.dispose();
    previous?.modified.dispose();
  }, [original, modified, language]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'selfdb-dark' : 'selfdb-light');
  }, [theme]);

  return <div ref={host} className="code-diff" />;
}
