"use client";

import { Badge } from "@/components/ui/badge";
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon, FileIcon, PinIcon } from "@/components/ui/icons";
import { RichText } from "@/components/text/rich-text";
import { clockTime } from "@/components/time/format";
import type { RepliedMessage, ThreadMessage } from "@/lib/queries/inbox/types";
import { inlineMimeType } from "@/lib/media/inline-types";
import { deliveryLabel } from "./timeline";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** The media id of an image/document/… payload, in either of the shapes the webhook may store. */
function mediaId(m: ThreadMessage): string | null {
  const p = obj(m.payload);
  return str(p.id) ?? str(obj(p[m.type]).id) ?? str(p.mediaId) ?? str(p.media_id);
}

export function MessageItem({
  m,
  replied,
  highlighted,
  onRetry,
}: {
  m: ThreadMessage;
  replied: RepliedMessage | null;
  highlighted: boolean;
  onRetry?: (id: string) => void;
}) {
  const out = m.direction === "outbound";
  const label = out ? deliveryLabel(m.status) : null;
  return (
    <li
      data-message-id={m.id}
      data-direction={m.direction}
      data-highlighted={highlighted || undefined}
      className={`flex flex-col ${out ? "items-end" : "items-start"}`}
    >
      {replied && m.type !== "reaction" && (
        <div
          className="mb-1 max-w-[min(34rem,85%)] rounded-lg border border-dashed border-violet-200 bg-violet-50/60 px-3 py-2 text-xs text-violet-900"
          data-testid="replied-to"
        >
          <p className="font-medium">
            {replied.campaignName
              ? `Reply to campaign “${replied.campaignName}”`
              : "Reply to an earlier message"}
          </p>
          {replied.body && (
            <RichText text={replied.body} className="mt-0.5 block line-clamp-3 text-violet-800/80" />
          )}
        </div>
      )}
      <div
        className={`relative max-w-[min(34rem,85%)] rounded-2xl px-3.5 py-2 text-[14px] leading-relaxed shadow-xs ${
          out
            ? "rounded-br-md bg-emerald-700 text-white"
            : "rounded-bl-md bg-white text-slate-800 ring-1 ring-slate-200"
        } ${highlighted ? "ring-2 ring-amber-400 ring-offset-2 ring-offset-slate-50" : ""}`}
      >
        {highlighted && (
          <span className="absolute -top-2.5 left-3 rounded-full bg-amber-400 px-1.5 text-[10px] font-semibold text-amber-950">
            New
          </span>
        )}
        <Body m={m} out={out} replied={replied} />
      </div>
      <div className="mt-1 flex items-center gap-1.5 px-1 text-[11px] text-slate-500">
        {out && m.authorName && <span>{m.authorName} ·</span>}
        <time dateTime={m.at} title={new Date(m.at).toLocaleString("en-US")}>
          {clockTime(m.at)}
        </time>
        {label && <Delivery label={label} />}
      </div>
      {m.status === "failed" && (
        <div className="mt-1 flex max-w-[min(34rem,85%)] items-center gap-2 rounded-lg bg-red-50 px-2.5 py-1.5 text-xs text-red-800 ring-1 ring-red-200">
          <AlertIcon className="h-4 w-4 shrink-0" />
          <span className="min-w-0 flex-1" data-testid="failure-reason">
            {m.errorMessage ?? "WhatsApp did not accept this message."}
            {m.errorCode ? ` (error ${m.errorCode})` : ""}
          </span>
          {onRetry && m.errorCode !== 131047 && (
            <button
              type="button"
              onClick={() => onRetry(m.id)}
              className="shrink-0 rounded-md bg-white px-2 py-0.5 font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-100"
            >
              Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function Delivery({ label }: { label: NonNullable<ReturnType<typeof deliveryLabel>> }) {
  const icon =
    label === "Sending" ? (
      <ClockIcon className="h-3 w-3" />
    ) : label === "Sent" ? (
      <CheckIcon className="h-3 w-3" />
    ) : label === "Failed" ? (
      <AlertIcon className="h-3 w-3" />
    ) : (
      <DoubleCheckIcon className="h-3 w-3" />
    );
  const tone = label === "Read" ? "text-sky-600" : label === "Failed" ? "text-red-600" : "text-slate-500";
  return (
    <span className={`inline-flex items-center gap-0.5 font-medium ${tone}`} data-testid="delivery">
      {icon}
      {label}
    </span>
  );
}

/**
 * A customer's file. Only the image/audio/video types that cannot run script are shown inline
 * (the media route refuses the rest inline too); every other file is a download link, never a
 * page opened in a new tab.
 */
function MediaBody({
  m,
  id,
  typed,
  caption,
  link,
}: {
  m: ThreadMessage;
  id: string;
  typed: Obj;
  caption: string | null;
  link: string;
}) {
  const src = `/api/media/${encodeURIComponent(id)}`;
  const inline = inlineMimeType(str(typed.mime_type));
  const kind = inline?.split("/")[0];
  const isImage = m.type === "image" || m.type === "sticker";
  const name =
    str(typed.filename) ??
    (m.type === "document"
      ? "Document"
      : isImage
        ? "Image"
        : m.type === "video"
          ? "Video"
          : typed.voice === true || m.type === "voice"
            ? "Voice message"
            : "Audio");
  const download = (label: string) => (
    <a
      href={src}
      download={str(typed.filename) ?? ""}
      className={`inline-flex items-center gap-2 font-medium underline-offset-2 hover:underline ${link}`}
    >
      <FileIcon className="h-4 w-4" />
      <span dir="auto">{label}</span>
    </a>
  );
  if (isImage && kind === "image")
    return (
      // biome-ignore lint/performance/noImgElement: media comes from our own authorised route
      <img
        src={src}
        alt={caption ?? (m.type === "sticker" ? "Sticker from the customer" : "Image from the customer")}
        className="max-h-72 max-w-full rounded-lg object-contain"
        loading="lazy"
      />
    );
  if (m.type === "video" && kind === "video")
    return (
      <div className="flex flex-col gap-1">
        {/* biome-ignore lint/a11y/useMediaCaption: customer videos come without captions */}
        <video
          src={src}
          controls
          preload="metadata"
          aria-label={name}
          className="max-h-72 max-w-full rounded-lg"
        />
        {download(`Download ${name.toLowerCase()}`)}
      </div>
    );
  if ((m.type === "audio" || m.type === "voice") && kind === "audio")
    return (
      <div className="flex flex-col gap-1">
        {/* biome-ignore lint/a11y/useMediaCaption: customer voice messages come without captions */}
        <audio src={src} controls preload="metadata" aria-label={name} />
        {download(`Download ${name.toLowerCase()}`)}
      </div>
    );
  return download(name);
}

function Body({ m, out, replied }: { m: ThreadMessage; out: boolean; replied: RepliedMessage | null }) {
  const p = obj(m.payload);
  const typed = obj(p[m.type]);
  const caption = m.body ?? str(typed.caption) ?? str(p.caption);
  const link = out ? "text-white" : "text-emerald-700";
  switch (m.type) {
    case "text":
      return <RichText text={m.body ?? ""} />;
    case "image":
    case "sticker":
    case "document":
    case "video":
    case "audio":
    case "voice": {
      const id = mediaId(m);
      return (
        <div>
          {id ? (
            <MediaBody m={m} id={id} typed={typed} caption={caption} link={link} />
          ) : (
            <span className="italic opacity-80">
              {m.type === "image" || m.type === "sticker" ? "Image unavailable" : "File unavailable"}
            </span>
          )}
          {caption && m.type !== "sticker" && <RichText text={caption} className="mt-1 block" />}
        </div>
      );
    }
    case "location": {
      const loc = Object.keys(typed).length ? typed : p;
      const lat = Number(loc.latitude);
      const lng = Number(loc.longitude);
      const name = str(loc.name) ?? str(loc.address) ?? "Shared location";
      const ok = Number.isFinite(lat) && Number.isFinite(lng);
      return (
        <a
          href={
            ok ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}` : undefined
          }
          target="_blank"
          rel="noopener noreferrer"
          className={`inline-flex items-start gap-2 ${link}`}
        >
          <PinIcon className="mt-0.5 h-4 w-4 shrink-0" />
          <span>
            <span dir="auto" className="block font-medium">
              {name}
            </span>
            {str(loc.address) && str(loc.name) && (
              <span dir="auto" className="block text-xs opacity-80">
                {str(loc.address)}
              </span>
            )}
            {ok && (
              <span className="block text-xs opacity-70">
                {lat.toFixed(5)}, {lng.toFixed(5)}
              </span>
            )}
          </span>
        </a>
      );
    }
    case "reaction": {
      const emoji = str(typed.emoji) ?? str(p.emoji);
      const target = replied?.body
        ? `“${replied.body.length > 60 ? `${replied.body.slice(0, 60)}…` : replied.body}”`
        : "a message";
      return (
        <span>
          {emoji ? (
            <>
              Reacted <span className="text-lg">{emoji}</span> to <span dir="auto">{target}</span>
            </>
          ) : (
            <>
              Removed a reaction from <span dir="auto">{target}</span>
            </>
          )}
        </span>
      );
    }
    case "template":
      return (
        <div>
          <Badge tone={out ? "emerald" : "violet"} className="mb-1">
            Template
          </Badge>
          <RichText text={m.body ?? ""} className="block" />
        </div>
      );
    case "button":
    case "interactive":
      return <RichText text={m.body ?? str(obj(typed).text) ?? "Button reply"} />;
    default:
      return m.body ? (
        <RichText text={m.body} />
      ) : (
        <span className="italic opacity-80">Unsupported message ({m.type})</span>
      );
  }
}
