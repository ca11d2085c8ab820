import { chatSlug } from "../core/names.ts";
import type { ArtifactState, Replay } from "./artifacts.ts";

// Which file each rebuilt artifact becomes: `<safe title>.<ext>` inside the chat's artifact folder
// (`<OUT>/<org>/artifacts/<chat-slug>/`), the final version of the active branch under the plain name,
// a branch's differing final as `<title> (branch N).<ext>`, older versions as `<title>.vN.<ext>`.
// Pure: names only; the caller writes them.

// One file to write: its name in the artifact folder and its content.
export interface ArtifactFile {
  name: string;
  content: string;
}

// Where each artifact (by target) and each of its versions ended up, for links in the rendering.
export interface ArtifactPlan {
  files: ArtifactFile[];
  finalName: Map<string, string>; // `${branch}\u0000${target}` → file name
  // `${target}\u0000${content}` → file name (with versions on): versions are told apart by content, since
  // "version 3" of two branches that forked after version 2 are different texts.
  versionName: Map<string, string>;
}

// Used only so names.ts's rules (unsafe characters, Windows device names, byte limit) make the stem.
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
// Room left in a 255-byte name for ` (branch 12).v123.jsx`-style suffixes.
const STEM_BYTES = 180;
const WINDOWS_DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;

const TYPE_EXTENSIONS: Record<string, string> = {
  "text/markdown": "md",
  "text/html": "html",
  "image/svg+xml": "svg",
  "application/vnd.ant.react": "jsx",
  "application/vnd.ant.mermaid": "mermaid",
  "text/plain": "txt",
};
const LANGUAGE_EXTENSIONS: Record<string, string> = {
  python: "py",
  javascript: "js",
  typescript: "ts",
  jsx: "jsx",
  tsx: "tsx",
  bash: "sh",
  shell: "sh",
  sh: "sh",
  ruby: "rb",
  rust: "rs",
  go: "go",
  java: "java",
  kotlin: "kt",
  c: "c",
  cpp: "cpp",
  "c++": "cpp",
  csharp: "cs",
  php: "php",
  swift: "swift",
  sql: "sql",
  html: "html",
  css: "css",
  json: "json",
  yaml: "yaml",
  markdown: "md",
  r: "r",
  lua: "lua",
};

// The extension an artifact's file gets, from its type or (for code) its language.
export function artifactExtension(state: Pick<ArtifactState, "type" | "language">): string {
  const byType = TYPE_EXTENSIONS[state.type.toLowerCase()];
  if (byType) return byType;
  const byLanguage = LANGUAGE_EXTENSIONS[state.language.toLowerCase()];
  if (byLanguage) return byLanguage;
  return /^[a-z0-9]{1,8}$/i.test(state.language) ? state.language.toLowerCase() : "txt";
}

// A file name stem safe on every file system: names.ts's character rules and length cut, no leading
// dots (hidden files, `..`), no Windows device stem.
export function safeStem(title: string, fallback = "artifact"): string {
  const slug = chatSlug(title, NIL_UUID, STEM_BYTES + NIL_UUID.length + 6);
  let stem = slug === NIL_UUID ? "" : slug.slice(0, -(NIL_UUID.length + 1));
  stem = stem.replace(/^[.\s_]+/u, "").replace(/[.\s]+$/u, "");
  if (!stem) stem = fallback;
  const dot = stem.indexOf(".");
  if (WINDOWS_DEVICE.test(dot >= 0 ? stem.slice(0, dot) : stem)) stem = `_${stem}`;
  return stem;
}

// Splits a file tool's base name into stem and extension ("report.final.md" → "report.final", "md").
function stemAndExtension(state: ArtifactState): { stem: string; ext: string } {
  if (state.path) {
    const base = state.path.split("/").pop() ?? "";
    const dot = base.lastIndexOf(".");
    const ext = dot > 0 ? base.slice(dot + 1) : "";
    const safeExt = /^[a-z0-9]{1,10}$/i.test(ext) ? ext : "txt";
    return { stem: safeStem(dot > 0 ? base.slice(0, dot) : base, "file"), ext: safeExt };
  }
  return { stem: safeStem(state.title), ext: artifactExtension(state) };
}

// Names every file of a chat's artifacts. `branches[0]` is the active branch's replay. Targets in
// `skip` (sandbox files the backup holds a downloaded copy of) get no file.
export function planArtifactFiles(
  branches: readonly Replay[],
  options: { versions: boolean; skip?: ReadonlySet<string> },
): ArtifactPlan {
  const plan: ArtifactPlan = { files: [], finalName: new Map(), versionName: new Map() };
  const taken = new Set<string>();
  const claim = (stem: string, ext: string): string => {
    for (let n = 1; ; n++) {
      const name = `${stem}${n === 1 ? "" : ` (${n})`}.${ext}`;
      // Case-insensitive, as on macOS and Windows.
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  };
  const finalByTarget = new Map<string, { content: string; name: string }[]>();
  const stems = new Map<string, { stem: string; ext: string }>();
  const versionCount = new Map<string, number>();
  branches.forEach((replay, branch) => {
    for (const state of replay.artifacts.values()) {
      if (options.skip?.has(state.target)) continue;
      let base = stems.get(state.target);
      if (!base) {
        base = stemAndExtension(state);
        stems.set(state.target, base);
      }
      const finals = finalByTarget.get(state.target) ?? [];
      // The same final on two branches is one file.
      let file = finals.find((f) => f.content === state.content);
      if (!file) {
        const stem = finals.length === 0 ? base.stem : `${base.stem} (branch ${branch + 1})`;
        file = { content: state.content, name: claim(stem, base.ext) };
        finals.push(file);
        finalByTarget.set(state.target, finals);
        plan.files.push({ name: file.name, content: file.content });
      }
      plan.finalName.set(`${branch}\u0000${state.target}`, file.name);
      if (!options.versions) continue;
      for (const content of state.versions) {
        const id = `${state.target}\u0000${content}`;
        if (plan.versionName.has(id)) continue;
        const count = (versionCount.get(state.target) ?? 0) + 1;
        versionCount.set(state.target, count);
        const name = claim(`${base.stem}.v${count}`, base.ext);
        plan.versionName.set(id, name);
        plan.files.push({ name, content });
      }
    }
  });
  return plan;
}
