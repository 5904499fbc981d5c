import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The workspace root (examples/comptastar-app): file tracing for the standalone
// output starts there, so the server lands in .next/standalone/apps/web/server.js.
const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
