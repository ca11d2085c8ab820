// Message contents: typed content blocks, attachments, files and sync sources (docs/claude-api.md §4.4–4.7).

import type { Rng } from "./rng.ts";
import type { ContentBlock } from "./types.ts";

export interface ContentContext {
  rng: Rng;
  orgUuid: string;
  // The message's start and end instants, for block timestamps.
  start: string;
  stop: string;
}

export interface HumanParts {
  content: ContentBlock[];
  attachments: unknown[];
  files: unknown[];
  sync_sources: unknown[];
}

// Non-ASCII on purpose: clients must store bytes exactly, not re-encode them.
const SENTENCES: readonly string[] = [
  "Could you walk me through this step by step?",
  "Voilà: the crème brûlée needs a water bath at 150 °C.",
  "日本語の文章も正しく保存されるべきです。",
  "Let's compare the trade-offs — latency, cost, and complexity.",
  "Here is the plan 🚀 with three milestones ✅.",
  "The function returns `undefined` when the list is empty.",
  "Zoë's naïve café façade was painted in Ångström-thin coats.",
  'He said "it works on my machine" \\ and left.',
  "Rust's borrow checker rejects two mutable references at once.",
  "Первый шаг: измерить, потом оптимизировать.",
  "Tabs\tand\nnewlines\r\nsurvive a round trip.",
  "مرحبا بالعالم — bidirectional text test.",
];

const SEARCH_HITS = [
  { title: "Hydration explained", domain: "example.com" },
  { title: "Réglages du four", domain: "exemple.fr" },
  { title: "ベーキングの基本", domain: "example.jp" },
] as const;

function paragraph(rng: Rng, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(rng.pick(SENTENCES));
  return out.join(" ");
}

function block(ctx: ContentContext, type: string, fields: Record<string, unknown>): ContentBlock {
  return { start_timestamp: ctx.start, stop_timestamp: ctx.stop, flags: null, type, ...fields };
}

function textBlock(ctx: ContentContext, text: string): ContentBlock {
  return block(ctx, "text", { text, citations: [] });
}

function fileEntry(ctx: ContentContext, kind: "image" | "document"): unknown {
  const fileUuid = ctx.rng.uuid4();
  // Relative URLs without an `organizations/` segment (docs/claude-api.md §4.6).
  const base = `/api/${ctx.orgUuid}/files/${fileUuid}`;
  const thumbnail = { url: `${base}/thumbnail`, file_variant: "thumbnail", primary_color: "b08d62" };
  if (kind === "image") {
    return {
      success: true,
      file_kind: "image",
      file_uuid: fileUuid,
      file_name: ctx.rng.pick(["crumb.jpg", "screenshot (1).png", "photo_été.webp"]),
      created_at: ctx.start,
      thumbnail_url: thumbnail.url,
      preview_url: `${base}/preview`,
      thumbnail_asset: { ...thumbnail, image_width: 400, image_height: 300 },
      preview_asset: {
        url: `${base}/preview`,
        file_variant: "preview",
        primary_color: "b08d62",
        image_width: 1568,
        image_height: 1176,
      },
    };
  }
  return {
    success: true,
    file_kind: "document",
    file_uuid: fileUuid,
    file_name: ctx.rng.pick(["recipe.pdf", "Q3 report – final.pdf"]),
    created_at: ctx.start,
    thumbnail_url: thumbnail.url,
    thumbnail_asset: { ...thumbnail, image_width: 400, image_height: 518 },
    document_asset: { url: `${base}/document_pdf`, file_variant: "document", page_count: ctx.rng.int(1, 12) },
  };
}

// A human turn: one text block, sometimes with pasted text, uploaded files or a GitHub sync.
export function humanParts(ctx: ContentContext): HumanParts {
  const { rng } = ctx;
  const attachments: unknown[] = [];
  if (rng.chance(0.2)) {
    const extracted = paragraph(rng, rng.int(2, 6));
    attachments.push({
      id: rng.uuid4(),
      file_name: rng.pick(["notes.txt", "paste.txt", "données.csv"]),
      file_size: Buffer.byteLength(extracted),
      file_type: rng.pick(["text/plain", "txt", "text/csv"]),
      extracted_content: extracted,
      created_at: ctx.start,
    });
  }
  const files: unknown[] = [];
  if (rng.chance(0.15)) files.push(fileEntry(ctx, "image"));
  if (rng.chance(0.1)) files.push(fileEntry(ctx, "document"));
  const syncSources: unknown[] = [];
  if (rng.chance(0.04)) {
    syncSources.push({
      uuid: rng.uuid4(),
      type: "github",
      config: { owner: "example", repo: "demo", branch: "main", filters: { filters: { "/src": "include" } } },
      status: { current_size_bytes: 18_432, current_file_count: 7, last_synced_at: ctx.start },
    });
  }
  return {
    content: [textBlock(ctx, paragraph(rng, rng.int(1, 3)))],
    attachments,
    files,
    sync_sources: syncSources,
  };
}

function toolPair(ctx: ContentContext): ContentBlock[] {
  const { rng } = ctx;
  const id = `toolu_01${rng.base62(22)}`;
  if (rng.chance(0.5)) {
    const query = rng.pick(["sourdough hydration", "café opening hours", "東京 weather"]);
    const hit = rng.pick(SEARCH_HITS);
    const url = `https://${hit.domain}/${rng.hex(6)}`;
    return [
      block(ctx, "tool_use", {
        id,
        name: "web_search",
        input: { query },
        message: "Searching the web",
        integration_name: null,
        integration_icon_url: null,
        context: null,
        display_content: null,
        approval_options: null,
        approval_key: null,
      }),
      block(ctx, "tool_result", {
        tool_use_id: id,
        name: "web_search",
        content: [
          {
            type: "knowledge",
            title: hit.title,
            url,
            metadata: { type: "webpage_metadata", site_domain: hit.domain, site_name: hit.domain },
            is_citable: true,
            prompt_context_metadata: { url },
          },
        ],
        is_error: false,
        display_content: null,
      }),
    ];
  }
  return [
    block(ctx, "tool_use", {
      id,
      name: "artifacts",
      input: {
        id: `artifact-${rng.hex(6)}`,
        command: "create",
        type: "application/vnd.ant.code",
        language: "python",
        title: "Hydration calculator ✨",
        content: "def hydration(flour, water):\n    return water / flour  # 75 % → 0.75\n",
        version_uuid: rng.uuid4(),
      },
      message: "artifacts",
      integration_name: null,
      display_content: null,
    }),
    block(ctx, "tool_result", {
      tool_use_id: id,
      name: "artifacts",
      content: [{ type: "text", text: "OK", uuid: rng.uuid4() }],
      is_error: false,
    }),
  ];
}

// An assistant turn: optional thinking, optional tool call and result, then the answer text.
export function assistantContent(ctx: ContentContext): ContentBlock[] {
  const { rng } = ctx;
  const blocks: ContentBlock[] = [];
  if (rng.chance(0.35)) {
    blocks.push(
      block(ctx, "thinking", {
        thinking: paragraph(rng, rng.int(2, 4)),
        summaries: [{ summary: "Thinking about the request." }],
        cut_off: false,
      }),
    );
  }
  if (rng.chance(0.3)) blocks.push(...toolPair(ctx));
  blocks.push(textBlock(ctx, paragraph(rng, rng.int(3, 9))));
  return blocks;
}
