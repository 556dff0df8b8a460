import { linkify } from "./linkify";

/** Customer and member text as text — React escapes it — with links made clickable. */
export function RichText({ text, className }: { text: string; className?: string }) {
  return (
    <span dir="auto" className={`whitespace-pre-wrap break-words ${className ?? ""}`}>
      {linkify(text).map((t, i) =>
        t.kind === "text" ? (
          t.text
        ) : (
          <a
            key={i}
            href={t.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="font-medium underline decoration-current/40 underline-offset-2 hover:decoration-current"
          >
            {t.text}
          </a>
        ),
      )}
    </span>
  );
}
