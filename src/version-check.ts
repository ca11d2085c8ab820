// Smallest Node.js this tool runs on: node:sqlite (unflagged in 22.13) and undici 8 (needs 22.19).
export const MIN_NODE = [22, 19, 0] as const;
