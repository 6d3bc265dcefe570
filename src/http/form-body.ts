/**
 * A strict reader for application/x-www-form-urlencoded bodies. Express's own parser turns
 * invalid UTF-8 into U+FFFD silently and merges repeated fields into arrays; the comment form
 * needs to say exactly what was wrong and still give the person back what they typed.
 */
export type FormBody = {
  fields: Record<string, string>;
  /** A human sentence when the body was not a clean form; `fields` then holds a best-effort reading. */
  problem: string | null;
};

// The comment form has seven fields; a few hundred parameters is an attack, not a person.
const maxFields = 50;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function percentDecode(bytes: Buffer, start: number, end: number): Buffer | null {
  const out = Buffer.allocUnsafe(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x2b)
      out[length++] = 0x20; // '+'
    else if (byte === 0x25) {
      const hex = bytes.toString('latin1', i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
      out[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else out[length++] = byte;
  }
  return out.subarray(0, length);
}

export function parseFormBody(body: Buffer): FormBody {
  const fields: Record<string, string> = Object.create(null);
  let problem: string | null = null;
  const note = (text: string) => {
    problem ??= text;
  };
  let count = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26, start); // '&'
    if (end === -1) end = body.length;
    if (end > start) {
      if (++count > maxFields) {
        note(`The form sent more than ${maxFields} fields. Please use the comment form on the page.`);
        break;
      }
      let eq = body.indexOf(0x3d, start); // '='
      if (eq === -1 || eq > end) eq = end;
      const rawName = percentDecode(body, start, eq);
      const rawValue = eq < end ? percentDecode(body, eq + 1, end) : Buffer.alloc(0);
      if (!rawName || !rawValue) {
        note('The form data was malformed (a broken %-escape). Please check your text and send it again.');
      } else {
        const name = lenientUtf8.decode(rawName);
        let value: string;
        try {
          value = strictUtf8.decode(rawValue);
        } catch {
          note('Your text contained bytes that are not valid UTF-8. We replaced them with “�”: please check your text and send it again.');
          value = lenientUtf8.decode(rawValue);
        }
        if (value.includes('\u0000')) {
          note('Your text contained NUL characters, which cannot be stored. We removed them: please check your text and send it again.');
          value = value.replaceAll('\u0000', '');
        }
        if (name in fields) note(`The field “${name.slice(0, 40)}” was sent more than once. Please use the comment form on the page.`);
        else fields[name] = value;
      }
    }
    start = end + 1;
  }
  return { fields, problem };
}
