/**
 * Form actions are called by the browser with the form's FormData. A hand-made request can send
 * any value instead; reading fields off it would throw (a 500), so each form action answers this
 * message first.
 */
export const NOT_A_FORM = "That request was not understood. Reload and try again.";

export const isForm = (value: unknown): value is FormData => value instanceof FormData;
