import { renderCommentBody } from './src/domain/comment-body.js';
for (const u of ['>a\n=\n', '- a\n-', ':---\n', '> a\nb\n', '- a\n|', 'ok yes\n']) for (const lines of [250, 500, 1000, 2000, 4000]) {
  const per = u.split('\n').length - 1 || 1; const v = (u.startsWith('ok') ? '- point\n' : '') + u.repeat(Math.ceil(lines / per));
  const t = performance.now(); renderCommentBody(v); console.log(JSON.stringify(u), lines, (performance.now() - t).toFixed(0), 'ms');
}
