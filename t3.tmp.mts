import { renderCommentBody } from './src/domain/comment-body.js';
const pad = 'x'.repeat(60);
const slow: string[] = [];
const heads = ['>a', '=', '- a', '-', ':---', '> a', 'b', '|', '1.', '*', '#', '  - a', '```', '    a', '[a]: http://a.b', '<div>', '***', '- [ ] a', '>', '> - a', '- > a', '1) a'];
for (const a of heads) for (const b of heads) {
  const v = Array.from({ length: 998 }, (_, i) => (i % 2 ? b : a) + (i % 3 === 0 ? ' ' + pad : '')).join('\n');
  const t = performance.now(); renderCommentBody(v); const ms = performance.now() - t; if (ms > 60) slow.push(`${JSON.stringify(a)}/${JSON.stringify(b)} ${ms.toFixed(0)}ms`);
}
console.log(slow.length, slow.slice(0, 20).join(' | '));
