// Placeholder replaced by the real dispatcher.
export async function runMain(_argv: string[]): Promise<void> {}
