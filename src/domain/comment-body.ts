import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Comment bodies are untrusted. Markdown gives readers paragraphs, line breaks, emphasis,
 * code, quotes, lists and auto-linked URLs; raw HTML is shown as text, images and headings
 * are flattened, and the sanitiser's allowlist is the last word on what reaches the page.
 */
const commentMarked = new Marked({
  gfm: true,
  breaks: true,
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
  },
});

export const commentLinkRel = 'nofollow ugc noopener';

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: commentLinkRel } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href,
};

export function renderCommentBody(markdown: string): string {
  const html = commentMarked.parse(markdown, { async: false });
  return sanitizeHtml(html, sanitizeOptions);
}

/** The moderation preview: same formatting, but links are shown as text and cannot be followed. */
export function renderCommentPreview(markdown: string): string {
  return sanitizeHtml(renderCommentBody(markdown), {
    ...sanitizeOptions,
    allowedTags: [...(sanitizeOptions.allowedTags as string[]), 'span'],
    transformTags: {
      a: (_tagName, attribs) => ({ tagName: 'span', attribs: { class: 'link-preview', title: attribs.href ?? '' } }),
    },
    allowedAttributes: { span: ['class', 'title'] },
    exclusiveFilter: undefined,
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
