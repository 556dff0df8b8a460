import { describe, expect, it } from "vitest";
import {
  isPhoneUnreachable,
  MAX_NUMBERS,
  MAX_PER_NUMBER,
  setPhoneUnreachable,
  unreachableCount,
} from "./phones";

describe("the simulator's unreachable phones", () => {
  it("stay bounded however many are switched off, forgetting the oldest first", () => {
    const number = "100000000000009";
    for (let i = 0; i < MAX_PER_NUMBER * 3; i++) setPhoneUnreachable(number, String(15550000000 + i), true);
    for (let n = 0; n < MAX_NUMBERS * 2; n++)
      setPhoneUnreachable(String(300000000000000 + n), "15551112222", true);
    expect(unreachableCount()).toBeLessThanOrEqual(MAX_PER_NUMBER + MAX_NUMBERS);
    // The newest survive; the oldest were evicted.
    expect(isPhoneUnreachable(String(300000000000000 + MAX_NUMBERS * 2 - 1), "15551112222")).toBe(true);
    expect(isPhoneUnreachable("300000000000000", "15551112222")).toBe(false);
  });

  it("keeps one business number's switch apart from another's", () => {
    setPhoneUnreachable("100000000000001", "15550100001", true);
    expect(isPhoneUnreachable("100000000000001", "+15550100001")).toBe(true);
    expect(isPhoneUnreachable("100000000000002", "15550100001")).toBe(false);
    setPhoneUnreachable("100000000000001", "15550100001", false);
    expect(isPhoneUnreachable("100000000000001", "15550100001")).toBe(false);
  });
});
