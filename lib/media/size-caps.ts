/**
 * How large a customer file may be, by the message type it came in (SPEC §4, WHATSAPP.md §7):
 * images (and stickers) 5 MB, audio and video 16 MB, documents and anything else 100 MB —
 * WhatsApp does not deliver larger inbound files at all.
 */
const MB = 1024 * 1024;

export function mediaByteCap(messageType: string): number {
  switch (messageType) {
    case "image":
    case "sticker":
      return 5 * MB;
    case "audio":
    case "voice":
    case "video":
      return 16 * MB;
    default:
      return 100 * MB;
  }
}

export const formatMb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
