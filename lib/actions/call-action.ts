import { retryableFailure } from "./failures";

type Failure = { ok: false; code: string; message: string; signedOut?: boolean };

/**
 * Call a server action from the page. An action that throws or whose request fails (the server
 * unreachable, a 5xx) would otherwise reject — into React's error boundary or nowhere — and
 * leave a button busy; here it becomes a refusal like any other, with words a member can read.
 */
export async function callAction<T extends { ok: boolean }>(run: () => Promise<T>): Promise<T | Failure> {
  try {
    return await run();
  } catch {
    return retryableFailure("network");
  }
}
