import { customType } from "drizzle-orm/pg-core";

/**
 * A `bytea` column read and written as a Node Buffer on both drivers: postgres.js hands back a
 * Buffer, PGlite a Uint8Array, and both send a Buffer parameter as binary. A hex string
 * (`\x…`, bytea's text form) is decoded too, in case a driver returns text.
 */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array | string }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex");
  },
});
