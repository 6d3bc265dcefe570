import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommentStore } from '../db/comments.js';
import { fingerprintBody } from '../domain/comment-input.js';

export const seedSlug = 'alibaba-buys-590m-stake-in-meizu-to-boost-aliyun-mobile-os';
export const bigSlug = 'bench-ten-thousand-comments';
export const smallSlug = 'bench-one-hundred-comments';

export function writeBenchContent(projectRoot: string, dir: string): void {
  cpSync(join(projectRoot, 'content'), dir, { recursive: true });
  for (const [slug, title] of [
    [bigSlug, 'An article with ten thousand comments'],
    [smallSlug, 'An article with one hundred comments'],
  ]) {
    writeFileSync(
      join(dir, `${slug}.md`),
      `---\ntitle: "${title}"\nslug: ${slug}\npublished: 2015-01-01\ndescription: "Benchmark article."\ntags: [bench]\n---\n\nA benchmark article whose thread size is the point.\n`,
    );
  }
}

const sentences = [
  'Alibaba needed hardware, and Meizu needed money; this looks like a fair trade to me.',
  'I am not sure Aliyun OS can escape the Android compatibility question for long.',
  'Xiaomi proved that selling online works, but the margins are thin.',
  'Google has been here before with Acer, as the article says.',
  'Does anyone have numbers on how many Meizu phones ship outside China?',
];

/** Approved comments, a third of them replies, spread a minute apart. */
export function seedComments(comments: CommentStore, articleId: number, count: number, start: number): void {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i % 3 === 2 && ids.length > 0 ? comments.findById(ids[ids.length - 1] as number) : undefined;
    const body = `${sentences[i % sentences.length]} (comment ${i + 1})`;
    ids.push(
      comments.insert({
        articleId,
        parentId: parent ? parent.id : null,
        rootId: parent ? parent.rootId : null,
        depth: parent ? Math.min(parent.depth + 1, 5) : 1,
        status: 'approved',
        authorName: `Reader ${i % 97}`,
        authorEmail: `reader${i % 97}@example.com`,
        authorUrl: i % 5 === 0 ? `https://reader${i % 97}.example` : '',
        ip: `198.51.100.${i % 250}`,
        userAgent: 'bench',
        body,
        bodyFingerprint: fingerprintBody(body),
        spamScore: 0.05,
        spamReasons: '[]',
        createdAt: new Date(start + i * 60_000).toISOString(),
      }),
    );
  }
}
