import { ImportError } from "../core/errors.ts";
import { isRecord } from "../core/guards.ts";
import { isUuid } from "../core/uuid.ts";
import type { ExportIdentity } from "./choose-org.ts";
import { parseConversation } from "./conversation.ts";
import { jsonArrayElements } from "./json-array.ts";
import type { ExportPlan } from "./plan.ts";
import { readSmallPart } from "./read-part.ts";

// Checks, before anything is written, that each conversations file is a list of conversations (by its
// first element; the file is not read further), and learns whose export it is (the conversations'
// account.uuid, else users.json's user) so the organization can be chosen.
export async function checkAndIdentify(plan: ExportPlan): Promise<ExportIdentity> {
  const identity: ExportIdentity = {
    nameUuids: plan.nameUuids,
    accountUuid: undefined,
    accountName: undefined,
  };
  for (const part of plan.parts) {
    if (part.kind === "conversations") {
      for await (const raw of jsonArrayElements(part.open(), part.label)) {
        let chat: ReturnType<typeof parseConversation>;
        try {
          chat = parseConversation(raw);
        } catch (error) {
          throw new ImportError(`${part.label} is not valid JSON`, { cause: error });
        }
        if (!chat) throw new ImportError(`${part.label} is not a list of claude.ai conversations`);
        identity.accountUuid ??= chat.accountUuid;
        break;
      }
    } else if (part.kind === "users") {
      const { value } = await readSmallPart(part);
      const [user] = Array.isArray(value) ? value : [value];
      if (isRecord(user) && isUuid(user.uuid)) {
        identity.accountUuid ??= user.uuid.toLowerCase();
        if (typeof user.full_name === "string") identity.accountName ??= user.full_name;
      }
    }
  }
  return identity;
}
