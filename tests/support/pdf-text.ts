import { inflateSync } from "node:zlib";

/**
 * The text a PDF draws, page by page in drawing order: each content stream inflated and its hex
 * strings (how pdf-lib writes `Tj` text in the standard fonts) decoded as WinAnsi, one line per `Tj`.
 * Enough to read back what our own documents say; not a general PDF reader.
 */
export function pdfText(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString("latin1");
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1");
    } catch {
      content = match[1]!;
    }
    for (const text of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) lines.push(Buffer.from(text[1]!, "hex").toString("latin1").replace(/\x95/g, "•").replace(/\xb7/g, "·"));
  }
  return lines.join("\n");
}
