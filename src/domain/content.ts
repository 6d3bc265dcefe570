import { createHash } from 'node:crypto';
import { Marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** An article as parsed from one markdown file, ready to store. */
export type ArticleSource = {
  slug: string;
  title: string;
  description: string;
  author: string | null;
  tags: string[];
  publishedAt: string;
  updatedAt: string | null;
  commentsOpen: boolean;
  bodyMarkdown: string;
  bodyHtml: string;
  sourceFile: string;
  sourceHash: string;
};

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(`${file}: ${field ? `field "${field}": ` : ''}${problem}`);
  }
}

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const dateString = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const text = v instanceof Date ? v.toISOString() : v.trim();
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!ok || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date: write it as YYYY-MM-DD or an ISO 8601 date-time` });
    return z.NEVER;
  }
  return date.toISOString();
});

const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1, 'is empty').max(300, 'is longer than 300 characters'),
  slug: z
    .string()
    .max(200, 'is longer than 200 characters')
    .regex(slugPattern, 'must be lowercase letters, digits and single hyphens, e.g. "my-first-article"'),
  published: dateString,
  updated: dateString.optional(),
  description: z.string().trim().min(1, 'is empty').max(500, 'is longer than 500 characters'),
  tags: z.array(z.string().trim().min(1)).max(20).default([]),
  author: z.string().trim().min(1).optional(),
  comments: z.enum(['open', 'closed'], { message: 'must be "open" or "closed"' }).default('open'),
});

// Article bodies come from the newsroom's own repository, so they may contain HTML;
// comments never go through this renderer.
const articleMarked = new Marked({ gfm: true, breaks: false });

export function renderArticleMarkdown(markdown: string): string {
  return articleMarked.parse(markdown, { async: false });
}

const frontMatterPattern = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits, validates and renders one content file. Throws ContentError naming the file and field. */
export function parseArticleFile(file: string, text: string): ArticleSource {
  const source = text.replace(/^\uFEFF/, '');
  const match = source.match(frontMatterPattern);
  if (!match) {
    throw new ContentError(file, null, 'has no front matter: start the file with a "---" line, the fields, and another "---" line');
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new ContentError(file, null, `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentError(file, null, 'front matter must be a set of "field: value" lines');
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || null;
    const problem =
      issue?.code === 'invalid_type' && issue.input === undefined
        ? 'is missing'
        : issue?.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : (issue?.message ?? 'is invalid');
    throw new ContentError(file, issue?.code === 'unrecognized_keys' ? null : field, problem);
  }
  const fm = parsed.data;
  const bodyMarkdown = source.slice(match[0].length).trim();
  if (bodyMarkdown === '') throw new ContentError(file, 'body', 'the article has no text after the front matter');
  return {
    slug: fm.slug,
    title: fm.title,
    description: fm.description,
    author: fm.author ?? null,
    tags: fm.tags,
    publishedAt: fm.published,
    updatedAt: fm.updated ?? null,
    commentsOpen: fm.comments === 'open',
    bodyMarkdown,
    bodyHtml: renderArticleMarkdown(bodyMarkdown),
    sourceFile: file,
    sourceHash: createHash('sha256').update(text).digest('hex'),
  };
}

/** Rejects a set of files in which two claim the same slug. */
export function assertUniqueSlugs(articles: readonly ArticleSource[]): void {
  const seen = new Map<string, string>();
  for (const article of articles) {
    const other = seen.get(article.slug);
    if (other) {
      throw new ContentError(article.sourceFile, 'slug', `"${article.slug}" is already used by ${other}`);
    }
    seen.set(article.slug, article.sourceFile);
  }
}
