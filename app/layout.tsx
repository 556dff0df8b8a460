import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: "Switchboard",
  description: "The shared WhatsApp inbox for support teams",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so that Next.js can put this request's CSP nonce
  // (proxy.ts) on its scripts; a page prerendered at build time would have none and not run.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
