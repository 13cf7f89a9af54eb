import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons';
import { Button } from '../../components/ui';

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/** Where files are dropped (or chosen) to upload them. */
export function DropZone({ onFiles, limit }: { onFiles: (files: File[]) => void; limit: string }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // A file dropped beside the zone would make the browser open it in place of the dashboard.
    const ignore = (e: globalThis.DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);
  const hover = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a mouse shortcut; the button is the keyboard path
    <div
      className={`dropzone ${over ? 'dropzone-over' : ''}`}
      data-testid="dropzone"
      onDragEnter={hover}
      onDragOver={hover}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer.files.length > 0) onFiles([...e.dataTransfer.files]);
      }}
    >
      <span className="dropzone-icon">
        <Icon name="upload" size={20} />
      </span>
      <div className="dropzone-text">
        <strong>{over ? 'Drop to upload' : 'Drag and drop files here'}</strong>
        <span className="muted text-small">Several at once; {limit}</span>
      </div>
      <Button variant="primary" icon="upload" onClick={() => input.current?.click()}>
        Choose files
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to upload"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
