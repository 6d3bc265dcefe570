import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What the comment form sends, after validation. Everything else in the request is ignored. */
export type CommentInput = {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  parentId: number | null;
  remember: boolean;
  /** The signed form token and the honeypot: evidence for the spam filter, never shown. */
  formToken: string | undefined;
  /** The same token from the per-response cookie, set by the HTTP layer. */
  formTokenCookie?: string | undefined;
  honeypot: string;
};

/** What the person typed, kept verbatim so a refused form can be shown again exactly. */
export type CommentFormValues = {
  comment: string;
  author: string;
  email: string;
  url: string;
  parent: string;
  remember: boolean;
};

/** Form field names the spam checks read. The honeypot has a name bots like to fill. */
export const formTokenField = 'token';
export const honeypotField = 'subject';

export type CommentField = 'comment' | 'author' | 'email' | 'url' | 'parent';
export type FieldErrors = Partial<Record<CommentField, string>>;

export type ParsedCommentForm =
  | { ok: true; value: CommentInput; values: CommentFormValues }
  | { ok: false; errors: FieldErrors; values: CommentFormValues };

// WordPress's column sizes, so comments imported from WordPress always fit.
export const limits = {
  nameChars: 245,
  emailChars: 100,
  urlChars: 200,
  commentBytes: 65_525,
} as const;

// Control characters other than tab/newline never belong in a comment; in one-line fields
// even newlines are refused, since they are a header-injection and log-forging tool.
const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const lineBreaks = /[\r\n\u2028\u2029]/;
// Deliberately loose (one @, a dot in the domain, no spaces): the only real test of an
// address is mail, and rejecting a valid one loses a comment.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// What joins the code point before it into one character as a reader sees it: combining accents,
// the zero-width joiner and what follows it, emoji variation selectors, skin tones and tag letters.
// Close to Unicode's grapheme clusters (flags count as two), and read in linear time: Node 20's
// Intl.Segmenter slowed down with the square of the length, and 150,000 characters took 159 s.
const joinsPrevious = /^(?:\p{M}|\u200D|[\uFE0E\uFE0F]|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}])$/u;

/**
 * The limit is in UTF-8 bytes (WordPress's column), but people count characters, and a
 * character is one to four bytes (an emoji with modifiers, more). So the message counts
 * characters as a reader sees them and says how many to cut from the end to fit: exact when
 * cutting there, about right anywhere else in the same script.
 */
function tooLongMessage(text: string): string {
  let characters = 0;
  let fit = -1;
  let bytes = 0;
  let previous = '';
  for (const codePoint of text) {
    if (!(joinsPrevious.test(codePoint) || previous === '\u200D')) characters++;
    bytes += Buffer.byteLength(codePoint, 'utf8');
    // The character this code point belongs to is the first that does not fit whole.
    if (fit < 0 && bytes > limits.commentBytes) fit = characters - 1;
    previous = codePoint;
  }
  if (fit < 0) fit = characters;
  const n = (count: number) => count.toLocaleString('en');
  return `Your comment is too long by about ${n(characters - fit)} characters: it has ${n(characters)}, and about ${n(fit)} fit. Please shorten it and send it again.`;
}

const oneLine = (label: string) => (v: string, ctx: z.RefinementCtx) => {
  if (lineBreaks.test(v) || controlChars.test(v)) {
    ctx.addIssue({ code: 'custom', message: `${label} cannot contain line breaks or control characters.` });
  }
};

const formSchema = z.object({
  comment: z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n'))
    .superRefine((v, ctx) => {
      if (v.trim() === '') ctx.addIssue({ code: 'custom', message: 'Please type your comment.' });
      else if (Buffer.byteLength(v, 'utf8') > limits.commentBytes) ctx.addIssue({ code: 'custom', message: tooLongMessage(v) });
      else if (controlChars.test(v))
        ctx.addIssue({ code: 'custom', message: 'Your comment contains control characters; please remove them.' });
    }),
  author: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: 'Please enter your name.' });
      else if ([...v].length > limits.nameChars)
        ctx.addIssue({ code: 'custom', message: `Your name is too long: at most ${limits.nameChars} characters.` });
    })
    .superRefine(oneLine('Your name')),
  email: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: 'Please enter your email address.' });
      else if (v.length > limits.emailChars)
        ctx.addIssue({ code: 'custom', message: `Your email address is too long: at most ${limits.emailChars} characters.` });
      else if (!emailPattern.test(v))
        ctx.addIssue({ code: 'custom', message: 'Please enter a valid email address, like name@example.com.' });
    }),
  url: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') return;
      if (v.length > limits.urlChars) {
        ctx.addIssue({ code: 'custom', message: `Your website address is too long: at most ${limits.urlChars} characters.` });
        return;
      }
      if (!isHttpUrl(v)) ctx.addIssue({ code: 'custom', message: 'Your website must be an http:// or https:// address.' });
    }),
  parent: z
    .string()
    .trim()
    .refine((v) => v === '' || v === '0' || /^[1-9]\d{0,15}$/.test(v), 'The comment you are replying to is not valid.'),
});

export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Reads the form fields (strings; anything else is treated as missing) into a value or field errors. */
export function parseCommentForm(fields: Readonly<Record<string, string | undefined>>): ParsedCommentForm {
  const values: CommentFormValues = {
    comment: fields.comment ?? '',
    author: fields.author ?? '',
    email: fields.email ?? '',
    url: fields.url ?? '',
    parent: fields.parent ?? '',
    remember: fields.remember !== undefined && fields.remember !== '',
  };
  const parsed = formSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CommentField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors, values };
  }
  const v = parsed.data;
  return {
    ok: true,
    values,
    value: {
      body: v.comment,
      authorName: v.author,
      // Addresses are compared case-blind everywhere (history, duplicates, floods), so they are stored lower-cased.
      authorEmail: v.email.toLowerCase(),
      authorUrl: v.url,
      parentId: v.parent === '' || v.parent === '0' ? null : Number(v.parent),
      remember: values.remember,
      formToken: fields[formTokenField] || undefined,
      honeypot: fields[honeypotField] ?? '',
    },
  };
}

/** Same text modulo case and whitespace: how duplicates and repeated spam are recognised. */
export function fingerprintBody(body: string): string {
  const normalised = body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalised).digest('base64url');
}
