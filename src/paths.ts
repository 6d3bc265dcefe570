import { fileURLToPath } from 'node:url';

// src/paths.ts and dist/paths.js both sit one level below the project root.
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const viewsDir = fileURLToPath(new URL('../views', import.meta.url));
export const publicDir = fileURLToPath(new URL('../public', import.meta.url));
