/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and resolves files by URL: bundling it breaks both (STACK-NOTES).
  // argon2 and pino are native / worker-thread based and must stay plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "pino", "postgres"],
  // Lets parallel builds (CI, several developers' checkouts of one machine) keep separate outputs.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  experimental: {
    // Server actions (sign-in, invite accept, replies, settings…) carry small forms; the largest is a
    // campaign's recipient list (at most 400,000 characters, lib/actions/campaigns.ts). Next answers
    // a bigger body with a 500, so server.ts refuses it with 413 first
    // (lib/http/action-body-limit.ts, which must keep the same limit).
    serverActions: { bodySizeLimit: "1mb" },
  },
  reactStrictMode: true,
};
module.exports = nextConfig;
