import { type FixtureChat, ORG_A, ORG_B, PROJECT, say } from "./fixture.ts";

// The chats the search tests look for. Each word is planted in one place, so a hit proves where the
// index looked.

export const SOURDOUGH: FixtureChat = {
  uuid: "c1000000-0000-4000-8000-000000000001",
  org: ORG_A,
  name: "Sourdough starter",
  updatedAt: "2026-02-10T09:05:00.000000Z",
  model: "claude-opus-4-1-20250805",
  starred: true,
  projectUuid: PROJECT.uuid,
  leaf: "a1000000-0000-4000-8000-000000000002",
  messages: [
    say(
      "a1000000-0000-4000-8000-000000000001",
      "human",
      "2026-02-10T09:00:00.000000Z",
      "How do I feed my starter?",
    ),
    {
      uuid: "a1000000-0000-4000-8000-000000000002",
      sender: "assistant",
      createdAt: "2026-02-10T09:01:00.000000Z",
      content: [
        { type: "thinking", thinking: "The user wants feeding ratios." },
        {
          type: "text",
          text: "Voilà: a crème brûlée needs a water bath, and a starter needs flour.",
          citations: [],
        },
      ],
    },
    // A regeneration the person did not keep: on another branch.
    say(
      "a1000000-0000-4000-8000-000000000003",
      "assistant",
      "2026-02-10T09:02:00.000000Z",
      "Rhubarb compote goes well with it.",
      "a1000000-0000-4000-8000-000000000001",
    ),
  ],
};

export const TAXES: FixtureChat = {
  uuid: "c2000000-0000-4000-8000-000000000002",
  org: ORG_B,
  name: "Tax return",
  updatedAt: "2025-06-01T12:05:00.000000Z",
  model: "claude-sonnet-4-5-20250929",
  messages: [
    {
      ...say(
        "a2000000-0000-4000-8000-000000000001",
        "human",
        "2025-06-01T12:00:00.000000Z",
        "Help me with my return",
      ),
      attachments: [{ id: "x", file_name: "w2.txt", extracted_content: "Employer: Zebracorp, wages 50000" }],
      files_v2: [
        {
          file_uuid: "f0000000-0000-4000-8000-000000000001",
          file_name: "receipt-photo.jpg",
          file_kind: "image",
        },
      ],
    },
    {
      uuid: "a2000000-0000-4000-8000-000000000002",
      sender: "assistant",
      createdAt: "2025-06-01T12:01:00.000000Z",
      content: [
        { type: "tool_use", id: "toolu_1", name: "web_search", input: { query: "quokka deductions" } },
        {
          type: "tool_result",
          tool_use_id: "toolu_1",
          content: [{ type: "text", text: "Marmalade tax rules" }],
        },
        { type: "text", text: "You can deduct the home office.", citations: [] },
      ],
    },
  ],
};

export const CAFE: FixtureChat = {
  uuid: "c3000000-0000-4000-8000-000000000003",
  org: ORG_A,
  name: "Menu notes",
  updatedAt: "2024-03-01T08:05:00.000000Z",
  model: null,
  messages: [
    say(
      "a3000000-0000-4000-8000-000000000001",
      "human",
      "2024-03-01T08:00:00.000000Z",
      "Ideas for the cafe menu",
    ),
    say(
      "a3000000-0000-4000-8000-000000000002",
      "assistant",
      "2024-03-01T08:01:00.000000Z",
      "Sourdough, sourdough, sourdough: the café serves sourdough toast.",
    ),
  ],
};

// A name and text that try to reach the terminal.
export const HOSTILE: FixtureChat = {
  uuid: "c4000000-0000-4000-8000-000000000004",
  org: ORG_B,
  name: "Evil \u001b[31mred\u0007 name",
  updatedAt: "2023-01-01T00:00:00.000000Z",
  messages: [
    say(
      "a4000000-0000-4000-8000-000000000001",
      "human",
      "2023-01-01T00:00:00.000000Z",
      "Escape \u001b]0;pwned\u0007 <script>alert(1)</script> kumquat",
    ),
  ],
};

export const ALL = [SOURDOUGH, TAXES, CAFE, HOSTILE];

export const DOCS = [
  {
    uuid: "d0000000-0000-4000-8000-000000000001",
    file_name: "hydration.md",
    content: "Seventy-five percent hydration gives an open crumb.",
    created_at: "2026-01-02T10:00:00.000000Z",
  },
];
