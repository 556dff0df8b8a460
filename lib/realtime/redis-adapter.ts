import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { logger } from "../logger";

/**
 * Fan events out across app instances through Redis Streams when REDIS_URL is set
 * (STACK-NOTES: held p99 15 ms at 7.6k events/s and survives a Redis restart).
 */
export async function attachRedisAdapter(io: Server, url: string): Promise<() => Promise<void>> {
  const client = createClient({ url });
  client.on("error", (err) => logger.warn({ err }, "redis error"));
  await client.connect();
  io.adapter(createAdapter(client));
  return async () => {
    await client.quit().catch(() => {});
  };
}
