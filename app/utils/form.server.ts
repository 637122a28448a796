/**
 * The one way an action reads its body. `request.formData()` reads a body of any size and type, and
 * conform's parse is quadratic in a repeated field name (a large body stalls the process): here a body is
 * refused before it is parsed when it is not a form (415), longer than the route allows (413: the
 * stream is read no further), or holds more fields than any form of ours (413). What is left is
 * parsed in one linear pass, so conform only ever sees a bounded FormData.
 */

export const FORM_MAX_BYTES = 1024 * 1024;
export const FORM_MAX_FIELDS = 1_000;

const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
type FormType = typeof URLENCODED | typeof MULTIPART;

export interface FormLimits {
  /** The body's largest size in bytes (default 1 MB). */
  maxBytes?: number;
  maxFields?: number;
  /** The content types taken (default both a browser sends). */
  accept?: FormType[];
}

export async function readForm(
  request: Request,
  { maxBytes = FORM_MAX_BYTES, maxFields = FORM_MAX_FIELDS, accept = [URLENCODED, MULTIPART] }: FormLimits = {},
): Promise<FormData> {
  const contentType = request.headers.get("Content-Type") ?? "";
  const type = contentType.split(";")[0]!.trim().toLowerCase() as FormType;
  if (!accept.includes(type)) throw refuse(415, `Send this form as ${accept.join(" or ")}.`);

  const tooLarge = () => refuse(413, `This form is larger than the ${formatBytes(maxBytes)} allowed.`);
  const declared = Number(request.headers.get("Content-Length"));
  if (declared > maxBytes) throw tooLarge();
  const body = await readBytes(request.body, maxBytes, tooLarge);

  const tooMany = () => refuse(413, `This form has more than the ${maxFields.toLocaleString("en-GB")} fields allowed.`);
  if (type === URLENCODED) {
    const text = body.toString("utf8");
    if (countOf(text, "&") >= maxFields) throw tooMany();
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(text)) form.append(name, value);
    return form;
  }

  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw refuse(400, "This form could not be read.");
  // Each field starts at a delimiter: counted first, so a flood of tiny parts is never parsed.
  if (countOf(body, `--${boundary[1] ?? boundary[2]}`) > maxFields + 1) throw tooMany();
  try {
    return await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw refuse(400, "This form could not be read.");
  }
}

/** The body, stopping as soon as it passes `maxBytes`: the rest is never pulled from the client. */
async function readBytes(body: ReadableStream<Uint8Array> | null, maxBytes: number, tooLarge: () => Response) {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Not cancelled when too large: on the server that would destroy the socket before the 413 is sent.
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

function countOf(haystack: string | Buffer, needle: string) {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

function refuse(status: 400 | 413 | 415, message: string) {
  const statusText = { 400: "Bad Request", 413: "Content Too Large", 415: "Unsupported Media Type" }[status];
  return new Response(message, { status, statusText, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const formatBytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
