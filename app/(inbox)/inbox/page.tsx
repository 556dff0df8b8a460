import { redirect } from "next/navigation";

export default function InboxIndex() {
  redirect("/inbox/open");
}
