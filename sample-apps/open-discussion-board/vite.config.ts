import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves on 5173, the origin SelfDB's CORS_ORIGINS allows by default.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
});
