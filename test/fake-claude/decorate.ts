// The `files` option: adds uploads (files_v2, or the old `files` shape), sandbox tool runs, their
// sandbox files and artifact edits to chats, drawing only from its own PRNG stream (never the world's).

import { type ArtifactState, createArtifact, editArtifact } from "./artifacts.ts";
import type { FileKind, FileSpec, FileStore } from "./files.ts";
import type { ForeignHost } from "./foreign.ts";
import { bufferPayload } from "./payload.ts";
import type { Rng } from "./rng.ts";
import { contentTypeOf, type Sandboxes, UPLOADS_DIR } from "./sandbox.ts";
import { sandboxRun } from "./sandbox-tools.ts";
import { currentBranch } from "./tree.ts";
import type { ChatState, ContentBlock, MessageJson } from "./types.ts";
import {
  type AssetUrl,
  blobEntry,
  blobPayload,
  blobText,
  fileUrl,
  oldShapeEntry,
  uploadEntry,
} from "./uploads.ts";

export interface DecorateDeps {
  rng: Rng;
  store: FileStore;
  sandboxes: Sandboxes;
  foreign: ForeignHost | undefined;
}

export interface Decorator {
  // Decorates the messages of `chat` not seen before (so chats changed later get theirs too).
  chat(orgUuid: string, chat: ChatState): void;
  // Attaches a big upload of exactly `size` bytes to the chat's newest human message on its branch.
  largeFile(orgUuid: string, chat: ChatState, size: number, kind: "blob" | "document"): FileSpec;
}

// Shares of messages that get something.
const UPLOAD_SHARE = 0.35;
const SANDBOX_SHARE = 0.25;
const OLD_SHAPE_SHARE = 0.15;
const ARTIFACT_CHAT_SHARE = 0.3;
const SHARED_CONTENT_SHARE = 0.25;
// Share of image and document files whose *_asset.url points at the foreign host, when there is one.
const FOREIGN_SHARE = 0.4;

const NAMES: Record<FileKind, readonly string[]> = {
  image: ["crumb.jpg", "screenshot (1).png", "photo_été.webp", "IMG 2025-03-01 12.00.00.heic"],
  document: ["recipe.pdf", "Q3 report – final.pdf", "paper (v2).pdf", "契約書.pdf"],
  blob: ["data.csv", "export (2).csv", "données 2024.csv", "build.log"],
};

interface ChatFlags {
  oldShape: boolean;
  artifact: ArtifactState | undefined;
  artifacts: boolean;
}

interface Shared {
  contentKey: string;
  fileName: string;
  pageCount: number;
}

function withoutFinalText(blocks: ContentBlock[], added: ContentBlock[]): ContentBlock[] {
  const last = blocks.at(-1);
  return last?.type === "text" ? [...blocks.slice(0, -1), ...added, last] : [...blocks, ...added];
}

// Builds a decorator over the store and sandboxes; every choice is a draw from `deps.rng`.
export function createDecorator(deps: DecorateDeps): Decorator {
  const { rng, store, sandboxes, foreign } = deps;
  const seen = new Set<string>();
  const flags = new Map<string, ChatFlags>();
  const orgsSeen = new Set<string>();
  const pool = new Map<FileKind, Shared[]>();
  let counted = 0;
  let large = 0;

  const shared = (kind: FileKind): Shared => {
    let list = pool.get(kind);
    if (!list) {
      list = [0, 1].map(() => ({
        contentKey: rng.uuid4(),
        fileName: rng.pick(NAMES[kind]),
        pageCount: rng.int(1, 6),
      }));
      pool.set(kind, list);
    }
    return rng.pick(list);
  };
  const uniquePath = (chatUuid: string, name: string): string => {
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let path = `${UPLOADS_DIR}/${name}`;
    for (let n = 1; sandboxes.has(chatUuid, path); n++) path = `${UPLOADS_DIR}/${stem} (${n})${ext}`;
    return path;
  };
  const assetUrl =
    (spec: FileSpec, foreignDraw: boolean): AssetUrl =>
    (variant) =>
      foreign && foreignDraw
        ? foreign.signedUrl(spec.fileUuid, variant)
        : fileUrl(spec.orgUuid, spec.fileUuid, variant);
  const putBlob = (chat: ChatState, spec: FileSpec, path: string, createdAt: string): void => {
    sandboxes.put(chat.uuid, {
      path,
      contentType: contentTypeOf(path),
      createdAt,
      customMetadata: { file_uuid: spec.fileUuid },
      bytes: () => blobPayload(spec),
    });
  };

  const upload = (orgUuid: string, chat: ChatState, message: MessageJson, kind: FileKind): unknown => {
    const fileUuid = rng.uuid4();
    const share = rng.chance(SHARED_CONTENT_SHARE) ? shared(kind) : undefined;
    const foreignDraw = rng.chance(FOREIGN_SHARE);
    const spec: FileSpec = {
      fileUuid,
      orgUuid,
      kind,
      fileName: share?.fileName ?? rng.pick(NAMES[kind]),
      contentKey: share?.contentKey ?? fileUuid,
      pageCount: share?.pageCount ?? rng.int(1, 6),
      gone: false,
    };
    const createdAt = String(message.created_at);
    if (kind !== "blob") {
      // Every tenth image or document (the third, thirteenth, …) is gone for good: 404 on every variant.
      spec.gone = counted++ % 10 === 2;
      store.register(spec);
      return uploadEntry(spec, createdAt, assetUrl(spec, foreignDraw));
    }
    store.register(spec);
    const path = uniquePath(chat.uuid, spec.fileName);
    putBlob(chat, spec, path, createdAt);
    return blobEntry(spec, createdAt, path, Buffer.byteLength(blobText(spec.contentKey, spec.fileName)));
  };

  const human = (orgUuid: string, chat: ChatState, message: MessageJson, chatFlags: ChatFlags): void => {
    const before = Array.isArray(message.files_v2) ? message.files_v2 : [];
    const added: unknown[] = [];
    if (rng.chance(UPLOAD_SHARE)) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        const roll = rng.next();
        const kind: FileKind = roll < 0.45 ? "image" : roll < 0.8 || chatFlags.oldShape ? "document" : "blob";
        added.push(upload(orgUuid, chat, message, kind));
      }
    }
    const entries = [...before, ...added];
    if (chatFlags.oldShape) {
      // The old shape: only `files`, without success or assets (docs/claude-api.md §4.6).
      delete message.files_v2;
      message.files = entries.map((e) => oldShapeEntry(e as Record<string, unknown>));
    } else {
      // Both arrays carry the same entries "for backward compatibility".
      message.files_v2 = entries;
      message.files = [...entries];
    }
  };

  const assistant = (
    chat: ChatState,
    message: MessageJson,
    chatFlags: ChatFlags,
    onBranch: boolean,
  ): void => {
    const ctx = { rng, start: String(message.created_at), stop: String(message.updated_at) };
    const added: ContentBlock[] = [];
    if (rng.chance(SANDBOX_SHARE)) {
      const run = sandboxRun(ctx, `${chat.uuid}/${message.uuid}`);
      added.push(...run.blocks);
      for (const write of run.writes) {
        sandboxes.put(chat.uuid, {
          path: write.path,
          contentType: contentTypeOf(write.path),
          createdAt: ctx.stop,
          customMetadata: {},
          bytes: () => bufferPayload(write.bytes, "application/octet-stream"),
        });
      }
    }
    if (chatFlags.artifacts && onBranch) {
      if (!chatFlags.artifact) {
        const made = createArtifact(ctx);
        chatFlags.artifact = made.state;
        added.push(...made.blocks);
        // A chat whose branch has a single answer still shows an update sequence.
        if (message.uuid === chat.current_leaf_message_uuid) added.push(...editArtifact(ctx, made.state));
      } else if (rng.chance(0.8)) {
        added.push(...editArtifact(ctx, chatFlags.artifact));
      }
    }
    if (added.length > 0) message.content = withoutFinalText(message.content, added);
  };

  return {
    chat(orgUuid, chat) {
      let chatFlags = flags.get(chat.uuid);
      if (!chatFlags) {
        const first = !orgsSeen.has(orgUuid);
        orgsSeen.add(orgUuid);
        const oldShape = rng.chance(OLD_SHAPE_SHARE);
        // The first chat of each org always has artifacts, so every world has an update sequence.
        const artifacts = rng.chance(ARTIFACT_CHAT_SHARE) || first;
        chatFlags = { oldShape: oldShape && !first, artifacts, artifact: undefined };
        flags.set(chat.uuid, chatFlags);
      }
      const branch = new Set(currentBranch(chat.messages, chat.current_leaf_message_uuid).map((m) => m.uuid));
      for (const message of chat.messages) {
        if (seen.has(message.uuid)) continue;
        seen.add(message.uuid);
        if (message.sender === "human") human(orgUuid, chat, message, chatFlags);
        else assistant(chat, message, chatFlags, branch.has(message.uuid));
      }
    },
    largeFile(orgUuid, chat, size, kind) {
      const branch = currentBranch(chat.messages, chat.current_leaf_message_uuid);
      const message = branch.filter((m) => m.sender === "human").at(-1);
      if (!message) throw new Error(`fake-claude: chat ${chat.uuid} has no human message`);
      large += 1;
      const fileUuid = rng.uuid4();
      const spec: FileSpec = {
        fileUuid,
        orgUuid,
        kind,
        fileName: kind === "blob" ? `large-${large}.bin` : `large-${large}.pdf`,
        contentKey: `large/${fileUuid}`,
        pageCount: 1,
        size,
        gone: false,
      };
      store.register(spec);
      const createdAt = String(message.created_at);
      let entry: Record<string, unknown>;
      if (kind === "blob") {
        const path = uniquePath(chat.uuid, spec.fileName);
        putBlob(chat, spec, path, createdAt);
        entry = blobEntry(spec, createdAt, path, size);
      } else {
        entry = uploadEntry(spec, createdAt, assetUrl(spec, false));
      }
      const v2 = Array.isArray(message.files_v2) ? message.files_v2 : undefined;
      if (v2) message.files_v2 = [...v2, entry];
      const files = Array.isArray(message.files) ? message.files : [];
      message.files = [...files, v2 ? entry : oldShapeEntry(entry)];
      return spec;
    },
  };
}
