import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ImportError } from "../../src/core/errors.ts";
import { jsonArrayElements } from "../../src/import/json-array.ts";

// Feeds `text` in chunks of `size` bytes and collects the elements as strings.
async function elements(text: string | Buffer, size = 1 << 16): Promise<string[]> {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: string[] = [];
  for await (const element of jsonArrayElements(chunks(), "test.json")) out.push(element.toString("utf8"));
  return out;
}

describe("jsonArrayElements", () => {
  const tricky = [
    { uuid: "a", name: 'quote " and brackets ] } [ {', text: "back\\slash\\", emoji: "🍞 naïve" },
    { nested: [[[{ x: "]" }]], { y: "}" }], empty: {}, list: [] },
    "a string element, with a comma",
    12.5e3,
    null,
    [1, [2, [3]]],
  ];
  const text = JSON.stringify(tricky, null, 2);

  test("yields each element's exact bytes, whatever the chunk size (even one byte)", async () => {
    const expected = tricky.map((value) => JSON.stringify(value));
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const got = await elements(text, size);
      assert.deepEqual(
        got.map((e) => JSON.stringify(JSON.parse(e))),
        expected,
        `chunk size ${size}`,
      );
    }
    // Objects come out as the file wrote them (spacing included), not re-serialized.
    const [first] = await elements(text, 5);
    assert.equal(first, JSON.stringify(tricky[0], null, 2).replace(/\n/g, "\n  "));
  });

  test("keeps numbers beyond a double's precision and key order byte for byte", async () => {
    const raw = '[{"z":1,"a":12345678901234567890123,"m":1.000000000000000000001}]';
    assert.deepEqual(await elements(raw, 4), [
      '{"z":1,"a":12345678901234567890123,"m":1.000000000000000000001}',
    ]);
  });

  test("an empty list, a byte order mark and surrounding whitespace are fine", async () => {
    assert.deepEqual(await elements("  [ ]  \n"), []);
    assert.deepEqual(
      await elements(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1}]')])),
      ['{"a":1}'],
    );
  });

  test("a list cut short is an ImportError saying so", async () => {
    const cut = text.slice(0, Math.floor(text.length / 2));
    await assert.rejects(elements(cut, 10), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.match(error.message, /test\.json ends in the middle/);
      return true;
    });
  });

  test("a file that is not a JSON list is refused at once", async () => {
    await assert.rejects(elements('{"conversations": []}'), /test\.json is not a JSON list/);
    await assert.rejects(elements(""), /not a JSON list/);
    await assert.rejects(elements("PK\u0003\u0004garbage"), /not a JSON list/);
  });

  test("garbage after the list or between elements is refused", async () => {
    await assert.rejects(elements('[{"a":1}] x'), /not valid JSON/);
    await assert.rejects(elements('[{"a":1} {"b":2}]'), /not valid JSON/);
  });

  test("elements are yielded as they complete, before the rest of the file is read", async () => {
    let fed = 0;
    async function* slow() {
      for (const part of ['[{"a":1},', '{"b":2},', '{"c":3}]']) {
        fed++;
        yield Buffer.from(part);
      }
    }
    const iterator = jsonArrayElements(slow(), "x")[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.value?.toString(), '{"a":1}');
    assert.equal(fed, 1);
    await iterator.return?.(undefined);
  });
});
