import { inflateSync } from "node:zlib";

/**
 * The text a PDF draws, page by page in drawing order: each content stream inflated and its hex
 * strings (how pdf-lib writes `Tj` text in the standard fonts) decoded as WinAnsi, one line per `Tj`.
 * Enough to read back what our own documents say; not a general PDF reader.
 */
export function pdfText(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString("latin1");
  const lines: string[] = [];
  // Each stream's bytes by its dictionary's /Length: a compressed stream may itself end in "\r", which
  // a search for "\r\nendstream" would take off (and the text with it, about one PDF in 256).
  for (const match of raw.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const data = raw.slice(start, start + Number(match[1]));
    let content: string;
    try {
      content = inflateSync(Buffer.from(data, "latin1")).toString("latin1");
    } catch {
      content = data;
    }
    for (const text of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) lines.push(Buffer.from(text[1]!, "hex").toString("latin1").replace(/\x95/g, "•").replace(/\xb7/g, "·"));
  }
  return lines.join("\n");
}
