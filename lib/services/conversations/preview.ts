/** A one-line preview for list rows, by message type. */
export function previewOf(type: string, body: string | null | undefined): string {
  const text = (body ?? "").replace(/\s+/g, " ").trim();
  const labels: Record<string, string> = {
    image: "📷 Photo",
    video: "🎥 Video",
    audio: "🎤 Audio",
    voice: "🎤 Voice message",
    document: "📄 Document",
    sticker: "Sticker",
    location: "📍 Location",
    contacts: "👤 Contact",
    reaction: "Reaction",
    unsupported: "Unsupported message",
    template: "Template",
  };
  const label = labels[type];
  if (label && text) return `${label}: ${text}`.slice(0, 140);
  return (text || label || type).slice(0, 140);
}
