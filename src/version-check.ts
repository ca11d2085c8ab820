// Smallest Node.js this tool runs on: node:sqlite unflagged (22.13) and process.getBuiltinModule (22.3);
// 22.19, the floor since the first release (when undici 8 set it), is kept rather than lowered untested.
export const MIN_NODE = [22, 19, 0] as const;
