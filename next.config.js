/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and resolves files by URL: bundling it breaks both (STACK-NOTES).
  // argon2 and pino are native / worker-thread based and must stay plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "pino", "postgres"],
  // Lets parallel builds (CI, several developers' checkouts of one machine) keep separate outputs.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};
module.exports = nextConfig;
