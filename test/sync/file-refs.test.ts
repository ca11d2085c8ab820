import assert from "node:assert/strict";
import { test } from "node:test";
import { contentCheck, UnwantedContent } from "../../src/sync/content-check.ts";
import { chatFileRefs, usesSandbox } from "../../src/sync/file-refs.ts";
import { safeFileName, uniqueName } from "../../src/sync/safe-file-name.ts";

const ORG = "9b7e2c41-2222-4f0a-8e77-51d2c0ffee01";
const IMAGE = "a1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10";
const PDF = "c0ffee00-9999-4abc-8def-001122334455";

test("files_v2 entries give the preview and thumbnail of images, the document of PDFs, the sandbox path of blobs", () => {
  const chat = {
    chat_messages: [
      {
        files_v2: [
          {
            success: true,
            file_kind: "image",
            file_uuid: IMAGE,
            file_name: "crumb.jpg",
            preview_url: `/api/${ORG}/files/${IMAGE}/preview`,
            thumbnail_url: `/api/${ORG}/files/${IMAGE}/thumbnail`,
            preview_asset: { url: "https://files.example/signed/x?sig=1" },
          },
          { success: false, file_kind: "image", file_uuid: "b1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10" },
        ],
        files: [{ file_kind: "image", file_uuid: "d1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10" }],
      },
      {
        // The old shape: no assets; /document_pdf sits next to the thumbnail.
        files: [
          {
            file_kind: "document",
            file_uuid: PDF,
            file_name: "recipe.pdf",
            thumbnail_url: `/api/${ORG}/files/${PDF}/thumbnail`,
          },
          {
            file_kind: "blob",
            file_uuid: "e1b2c3d4-8888-4f5e-8a7b-6c5d4e3f2a10",
            file_name: "data.csv",
            path: "/mnt/user-data/uploads/data.csv",
            size_bytes: 42,
          },
        ],
      },
    ],
  };
  const refs = chatFileRefs(chat, ORG);
  assert.deepEqual(
    refs.map((r) => r.key),
    [
      `file:${IMAGE}:preview`,
      `file:${IMAGE}:thumbnail`,
      `file:${PDF}:document`,
      `file:${PDF}:thumbnail`,
      "sandbox:/mnt/user-data/uploads/data.csv",
    ],
  );
  const [preview, , document, , blob] = refs;
  assert.deepEqual(preview?.candidates, [
    "https://files.example/signed/x?sig=1",
    `/api/${ORG}/files/${IMAGE}/preview`,
    `/api/${ORG}/files/${IMAGE}/contents`,
  ]);
  assert.equal(document?.candidates[0], `/api/${ORG}/files/${PDF}/document_pdf`);
  assert.equal(blob?.size, 42);
  assert.equal(usesSandbox(chat), true);
  assert.equal(
    usesSandbox({ chat_messages: [{ content: [{ type: "tool_use", name: "web_search", input: {} }] }] }),
    false,
  );
  assert.equal(
    usesSandbox({ chat_messages: [{ content: [{ type: "tool_use", name: "create_file", input: {} }] }] }),
    true,
  );
});

test("hostile file names are made safe, keep their extension when cut, and collide into (2), (3)", () => {
  assert.equal(safeFileName("crumb.jpg"), "crumb.jpg");
  for (const name of ["..", ".", "", "   "]) assert.ok(!["..", ".", ""].includes(safeFileName(name)), name);
  assert.equal(safeFileName("../../x"), ".._.._x");
  assert.equal(safeFileName("CON"), "_CON");
  assert.equal(safeFileName("nul.txt"), "nul_.txt");
  const cleaned = safeFileName("a\u0000b\nc<d>.pdf");
  assert.ok(!["\u0000", "\n", "<", ">"].some((c) => cleaned.includes(c)), cleaned);
  const long = safeFileName(`${"é".repeat(300)}.pdf`);
  assert.ok(Buffer.byteLength(long) <= 255 && long.endsWith(".pdf"));
  assert.equal(safeFileName(".claude-backup-0a1b.tmp"), "_.claude-backup-0a1b.tmp");
  assert.equal(uniqueName("a.pdf", new Set(["a.pdf", "a (2).pdf"])), "a (3).pdf");
  assert.equal(uniqueName("A.PDF", new Set(["a.pdf"])), "A (2).PDF");
});

test("the content check refuses an HTML page where an image or a PDF is expected, by type or by bytes", () => {
  const image = contentCheck("image", "preview");
  assert.ok(image);
  assert.throws(() => image("text/html; charset=utf-8", Buffer.from("\x89PNG")), UnwantedContent);
  assert.throws(
    () => image("application/octet-stream", Buffer.from("\ufeff  <!DOCTYPE html><html>")),
    UnwantedContent,
  );
  assert.doesNotThrow(() => image("image/png", Buffer.from("\x89PNG\r\n\x1a\n")));
  assert.doesNotThrow(() => image("image/svg+xml", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>")));
  assert.equal(contentCheck("any", "sandbox file"), undefined);
});
