import { Feed } from 'feed';
import type { ArticleRow } from '../db/articles.js';
import { articlePath } from './article-view.js';
import type { AppDeps } from './deps.js';
import { formattedBody } from './formatted-bodies.js';

// Feed readers poll; the newest 50 is what they show and keeps the document small.
const feedSize = 50;

// XML 1.0 forbids these (U+FFFE, U+FFFF, lone surrogates, most C0 controls) even escaped, and a
// reader's feed parser rejects the whole document over one of them. A comment may carry them.
const forbiddenInXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(document: string): string {
  return document.replace(forbiddenInXml, '');
}

export function articlesFeed(deps: AppDeps): string {
  const site = deps.config.siteUrl;
  const articles = deps.articles.listPublished(feedSize);
  const feed = new Feed({
    title: deps.config.siteName,
    description: `Latest articles from ${deps.config.siteName}`,
    id: `${site}/`,
    link: `${site}/`,
    language: 'en',
    copyright: `© ${deps.config.siteName}`,
    updated: new Date(articles[0]?.syncedAt ?? 0),
    feedLinks: { atom: `${site}/feed.xml` },
  });
  for (const article of articles) {
    feed.addItem({
      title: article.title,
      id: `${site}${articlePath(article)}`,
      link: `${site}${articlePath(article)}`,
      description: article.description,
      content: article.bodyHtml,
      date: new Date(article.updatedAt ?? article.publishedAt),
      published: new Date(article.publishedAt),
      author: article.author ? [{ name: article.author }] : undefined,
      category: article.tags.map((name) => ({ name })),
    });
  }
  return xmlSafe(feed.atom1());
}

export function commentsFeed(deps: AppDeps, article: ArticleRow): string {
  const site = deps.config.siteUrl;
  const comments = deps.comments.recentApproved(article.id, feedSize);
  const feed = new Feed({
    title: `Comments on “${article.title}”`,
    description: `The latest comments on “${article.title}” at ${deps.config.siteName}`,
    id: `${site}${articlePath(article)}#comments`,
    link: `${site}${articlePath(article)}`,
    language: 'en',
    copyright: `Comments © their authors`,
    updated: new Date(comments[0]?.createdAt ?? article.publishedAt),
    feedLinks: { atom: `${site}/articles/${article.slug}/comments.xml` },
  });
  for (const comment of comments) {
    feed.addItem({
      title: `${comment.authorName} on “${article.title}”`,
      id: `urn:broadsheet:comment:${comment.id}`,
      link: `${site}/comments/${comment.id}`,
      content: formattedBody(comment.body),
      date: new Date(comment.createdAt),
      author: [{ name: comment.authorName }],
    });
  }
  return xmlSafe(feed.atom1());
}
