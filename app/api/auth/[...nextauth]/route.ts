import { handlers } from "@/lib/auth";
import { withBodyLimit } from "@/lib/http/body-limit";

/**
 * Sign-in is reachable by anyone: its form (an email, a password, a CSRF token, a callback URL)
 * fits in a few kilobytes, so a bigger body is refused with 413 instead of being parsed.
 */
const AUTH_BODY_LIMIT = 16 * 1024;

export const GET = handlers.GET;
export const POST = withBodyLimit(AUTH_BODY_LIMIT, handlers.POST);
