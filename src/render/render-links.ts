import type { ArtifactEvent } from "./artifacts.ts";

// Where a rendering's links point: stored files and rebuilt artifact files. The archive render knows
// the folders; printing one chat to stdout may know none (NO_LINKS), and the viewer has its own URLs.
export interface RenderLinks {
  file(fileUuid: string | undefined, fileKind: string): string | undefined;
  sandbox(path: string): string | undefined;
  // The file holding what an artifact call produced; `branch` is 0-based (0 = the active branch).
  artifact(event: ArtifactEvent, branch: number): string | undefined;
}

// No stored files known: files are shown by name, artifacts by title.
export const NO_LINKS: RenderLinks = {
  file: () => undefined,
  sandbox: () => undefined,
  artifact: () => undefined,
};
