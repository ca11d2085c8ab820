import type { Readable } from "node:stream";
import { type Entry, openPromise, type ZipFile } from "yauzl";
import { ImportError } from "../core/errors.ts";
import { partKindOf } from "./export-names.ts";
import type { ExportPart } from "./parts.ts";

// The export files inside one zip, read with yauzl: it reads the zip's central directory from the end
// of the file (so a cut download is refused before anything is imported) and streams each entry,
// inflating as it goes; the zip is never whole in memory, and no entry name is ever used as a path.

// An open zip and the export parts it holds.
export interface ZipParts {
  parts: ExportPart[];
  close(): void;
}

// Opens `path` as a zip of the export. Throws ImportError for a damaged zip or one with no export files.
export async function openZipParts(path: string, label: string): Promise<ZipParts> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      // Names stay bytes: yauzl would refuse a whole zip over one `../` entry name, which does no harm
      // here, since names only pick which entries to read and never become paths.
      decodeStrings: false,
    });
  } catch (error) {
    throw damaged(label, error);
  }
  const parts: ExportPart[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const fileName = entryName(entry);
      if (fileName.endsWith("/")) continue;
      const kind = partKindOf(fileName);
      if (!kind) continue;
      const name = `${fileName} in ${label}`;
      parts.push({
        kind,
        label: name,
        size: entry.uncompressedSize,
        open: () => openEntry(zip, entry, name),
      });
    }
  } catch (error) {
    zip.close();
    throw damaged(label, error);
  }
  if (parts.length === 0) {
    zip.close();
    throw new ImportError(
      `${label} is a zip but not a claude.ai export: it holds no conversations.json, projects.json, users.json or memories.json`,
    );
  }
  return { parts, close: () => zip.close() };
}

async function* openEntry(zip: ZipFile, entry: Entry, name: string): AsyncGenerator<Buffer> {
  if (entry.isEncrypted()) throw new ImportError(`${name} is encrypted; claude.ai exports never are`);
  let stream: Readable | undefined;
  try {
    stream = await zip.openReadStreamPromise(entry);
    // A damaged entry (bad deflate data, wrong size) fails mid-stream: say which file, in words.
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`cannot read ${name}: ${messageOf(error)}; download the export again`, {
      cause: error,
    });
  } finally {
    stream?.destroy();
  }
}

// The entry's name as text (UTF-8, which is what the export's zips use; the names that matter are ASCII).
function entryName(entry: Entry): string {
  const raw: unknown = entry.fileName;
  return Buffer.isBuffer(raw) ? raw.toString("utf8") : String(raw);
}

function damaged(label: string, error: unknown): ImportError {
  return new ImportError(
    `${label} is not a complete zip file (${messageOf(error)}); was the download cut short? Download the export again`,
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
