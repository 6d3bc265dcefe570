import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Only these hrefs become links; anything else (mailto:, javascript:, relative paths…) is shown as its text,
// so the sanitiser never has to drop a link and nothing the reader typed goes missing.
const linkableHref = /^https?:\/\//i;

/**
 * Comment bodies are untrusted. Markdown gives readers paragraphs, line breaks, emphasis,
 * code, quotes, lists, rules and auto-linked web URLs; raw HTML is shown as text, images and headings
 * are flattened, and the sanitiser's allowlist is the last word on what reaches the page.
 * Every construct marked can produce is either allowlisted or rendered as the text that was typed,
 * because the sanitiser escapes anything else and readers would see stray tags.
 */
const commentMarked = new Marked({
  gfm: true,
  breaks: true,
  tokenizer: {
    // Tables would need a larger allowlist for little gain; declining leaves the rows as the lines typed.
    table(): undefined {
      return undefined;
    },
    // A reference definition ("[1]: https://… \"The source\"") prints nothing in markdown; in a
    // comment it is usually the source being cited, so it stays as the line typed.
    def(): undefined {
      return undefined;
    },
  },
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    heading(token: Tokens.Heading): string {
      return `<p>${this.parser.parseInline(token.tokens)}</p>\n`;
    },
    image(token: Tokens.Image): string {
      return escapeHtml(token.text || token.href);
    },
    link(token: Tokens.Link): string | false {
      const href = token.href.trim();
      // "[](https://…)" would be a link nobody can see or click: its address is its text.
      if (linkableHref.test(href)) return token.text.trim() === '' ? `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : false;
      // Bare e-mail addresses land here too: kept readable, but not as mailto: links for scrapers to harvest.
      return token.autolink ? escapeHtml(token.text) : this.parser.parseInline(token.tokens);
    },
    checkbox(token: Tokens.Checkbox): string {
      return escapeHtml(token.raw);
    },
  },
});

export const commentLinkRel = 'nofollow ugc noopener';

// marked writes the number of the first item as `start`; up to 9 digits is what CommonMark accepts.
const listStart = /^\d{1,9}$/;

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'a', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: commentLinkRel } }),
    ol: (tagName, attribs) => {
      const start = attribs.start ?? '';
      const kept: sanitizeHtml.Attributes = listStart.test(start) ? { start } : {};
      return { tagName, attribs: kept };
    },
  },
  // A link whose href the allowlist refused loses the tag but keeps the words inside it.
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};

// Lists and quotes nested this deep on one line ("- - - - …", "> > > …") are not formatting anyone
// means. marked recurses once per level and ran out of stack at about 2,000 of them (4 KB of
// comment), which took down every page that showed the comment, the moderation queue first.
// Unambiguous on purpose: each marker owns the blanks after it, so a near miss fails in linear time.
const nestedMarkersInARow = /^[ \t]*(?:(?:[-*+>]|\d{1,9}[.)])[ \t]*){32}/m;

// marked reads emphasis and image markers in time that grows with their number times the length of
// the paragraph: 64 KB of "_a_a_a…" took three seconds to show, on every load of the moderation
// queue. Prose and code stay far below this budget (a 60 KB comment in ordinary paragraphs takes
// 50 ms); past it the paragraph is nobody's formatting, and the comment is shown as typed.
const inlineMarker = /[!*_~`]/g;
const markdownWorkBudget = 50_000_000;
// Its block reader grows with the square of the number of lines in some shapes (a list item, then
// thousands of short lines; "- a" and "-" alternating): 21,000 lines took ten seconds. A thousand
// lines take 20-40 ms, and no comment anyone formats by hand is longer.
const formattedLinesAtMost = 1_000;

const paragraphBreak = /\n[ \t]*\n/;

/** Whether marked would take too long or too deep a stack to format this, so it is shown as typed. */
function tooCostlyToFormat(text: string): boolean {
  if (nestedMarkersInARow.test(text)) return true;
  if ((text.match(/\n/g)?.length ?? 0) >= formattedLinesAtMost) return true;
  return text
    .split(paragraphBreak)
    .some((paragraph) => (paragraph.match(inlineMarker)?.length ?? 0) * paragraph.length > markdownWorkBudget);
}

/** The text as typed, in paragraphs and lines, with no markdown read into it. */
function plainTextHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(paragraphBreak)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br />\n')}</p>\n`)
    .join('');
}

export function renderCommentBody(markdown: string): string {
  if (tooCostlyToFormat(markdown)) return plainTextHtml(markdown);
  let html: string;
  try {
    html = commentMarked.parse(markdown, { async: false });
  } catch {
    // Whatever else marked cannot read is still a comment someone wrote: it is shown as typed,
    // rather than failing the whole page it sits on.
    return plainTextHtml(markdown);
  }
  const safe = sanitizeHtml(html, sanitizeOptions);
  // "#", "- ", "1." or "![]()" format to an empty heading, item or image: the reader would see a
  // blank comment, so it is shown as typed. A rule ("***") is something to see.
  if (safe.replace(/<[^>]*>/g, '').trim() === '' && !safe.includes('<hr') && markdown.trim() !== '') return plainTextHtml(markdown);
  return safe;
}

/** The moderation preview: same formatting, but links are shown as text and cannot be followed. */
export function renderCommentPreview(markdown: string): string {
  return sanitizeHtml(renderCommentBody(markdown), {
    ...sanitizeOptions,
    allowedTags: [...(sanitizeOptions.allowedTags as string[]), 'span'],
    transformTags: {
      a: (_tagName, attribs) => ({ tagName: 'span', attribs: { class: 'link-preview', title: attribs.href ?? '' } }),
    },
    allowedAttributes: { span: ['class', 'title'], ol: ['start'] },
    exclusiveFilter: undefined,
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
