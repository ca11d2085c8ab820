// Chinese, Japanese and Korean are written without spaces between words, and FTS5's unicode61
// tokenizer only splits at spaces and punctuation: a whole sentence of 私は東京に住んでいます would be one
// token, so searching for 東京 found nothing. Each character of those scripts is made a token of its
// own instead, in the indexed text and in the query alike; a word of several characters is then
// searched as a phrase of consecutive characters, which matches it anywhere in a sentence. This is
// the unigram indexing that search engines without a dictionary use for these scripts.

// The separator put between such characters: a zero-width space, a separator to unicode61 and
// invisible where a snippet shows it (findHits takes it out of snippets anyway).
export const CJK_SEPARATOR = "\u200b";

// Han (with 々), hiragana, katakana (with the prolonged sound mark ー, which Unicode files under no
// script) and hangul.
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005\\u30fc";
const ANY_CJK = new RegExp(`[${CJK}]`, "u");
// A CJK character followed by a letter or digit, and a letter, mark or digit followed by a CJK
// character. A combining mark (a decomposed dakuten) stays with the character before it.
const CJK_THEN_WORD = new RegExp(`([${CJK}])(?=[\\p{L}\\p{N}])`, "gu");
const WORD_THEN_CJK = new RegExp(`([\\p{L}\\p{M}\\p{N}])(?=[${CJK}])`, "gu");

// `text` with a separator between each CJK character and the letters or digits next to it; text
// without CJK characters comes back as it is.
export function splitCjk(text: string): string {
  if (!ANY_CJK.test(text)) return text;
  return text.replace(CJK_THEN_WORD, `$1${CJK_SEPARATOR}`).replace(WORD_THEN_CJK, `$1${CJK_SEPARATOR}`);
}
