/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SELFDB_URL?: string;
  readonly VITE_SELFDB_ANON_KEY?: string;
  readonly VITE_MEDIA_BUCKET?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
