import { type Html, html } from "../html.ts";
import { layout } from "./layout.ts";

// The page for a chat, project or path the backup does not hold.
export function notFoundPage(message: string): Html {
  return layout({
    title: "Not found",
    body: html`<h1>Not found</h1><p>${message}</p><p><a href="/">Back to the chats</a></p>`,
  });
}
