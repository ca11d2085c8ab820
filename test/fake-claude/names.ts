// Chat and organization names: ordinary ones, and the hostile ones that break naive file naming.

// Code points, not UTF-16 units: "~120 characters" as a person would count them.
const LONG_CJK_NAME = Array.from("日本語の長いチャット名🎌とemoji🚀の混在テスト、東京・大阪📚".repeat(6))
  .slice(0, 120)
  .join("");

// Names every client must survive when it turns them into file names. "Setting up Node.js" and
// "Setting up Node.js on Windows" reproduce the original tool's dot bug (a suffix cut at the first
// dot makes both collide); the rest cover traversal, Windows device names, reserved characters,
// control characters, length limits, and the empty and null names of docs/claude-api.md §3.3.
export const HOSTILE_CHAT_NAMES: readonly (string | null)[] = [
  "../../x",
  "..",
  "Long name-".repeat(30),
  "CON",
  "nul.txt",
  "a\u0000b\u0007c\n",
  "Setting up Node.js",
  "Setting up Node.js on Windows",
  '<>:"|?*/\\',
  LONG_CJK_NAME,
  "",
  null,
  " trailing space. ",
  "name with  many   spaces",
];

// Ordinary titles, some repeated on purpose by the generator (two chats may share a name).
export const CHAT_NAMES: readonly string[] = [
  "Sourdough hydration math",
  "Fixing dry falafel centers",
  "Tailscale versus WireGuard comparison",
  "Café crème brûlée recipe",
  "東京 trip planning",
  "Reverse engineering minified JavaScript",
  "Credit card companies in Europe",
  "Rust borrow checker puzzle",
  "Résumé review for Zoë",
  "Birthday party ideas 🎉",
  "Quarterly report outline",
  "Why is the sky blue?",
  "Postgres index tuning",
  "Übersetzung: Geschäftsbrief",
  "Garden irrigation schedule",
  "Explain monads simply",
  "Chess opening repertoire",
  "Wire and string mysteries",
  "Kubernetes CrashLoopBackOff",
  "Haiku about autumn 🍁",
  "Learning 中文 tones",
  "Tax questions (2024)",
  "Moving checklist",
  "Debugging a flaky test",
];

// Organization names: the personal-org form with an apostrophe and "@", and one with a slash.
export const ORG_NAMES: readonly string[] = [
  "ada@example.org's Organization",
  "Research / Ops (shared)",
  "Équipe Ωmega",
  "Team #4",
];

export const API_ORG_NAME = "Ada's API org";

// Project names; one hostile one goes to the first org when hostile names are on.
export const PROJECT_NAMES: readonly string[] = [
  "Bakery launch",
  "Thesis – chapter 3",
  "Home renovation 🏠",
  "Client: Müller & Söhne",
  "Open-source maintainer notes",
  "日本語の勉強",
  "Garden planner",
  "Quarterly planning",
];

export const HOSTILE_PROJECT_NAME = "../../Projects/CON";

// Knowledge-doc names that break naive file naming: traversal, a 300-character name, a Windows device
// name, control characters, reserved characters, an empty name and a duplicate.
export const HOSTILE_DOC_NAMES: readonly string[] = [
  "../../x.md",
  `${"very-long-document-name-".repeat(13)}`.slice(0, 297).concat(".md"),
  "CON.txt",
  "tab\there\u0001\u001f.md",
  'a/b\\c:d*?"<>|.md',
  "",
  "style-guide.md",
];

export const DOC_NAMES: readonly string[] = [
  "style-guide.md",
  "glossary.txt",
  "API notes.md",
  "recettes.md",
  "meeting notes 2025-03.md",
];
