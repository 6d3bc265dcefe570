import { describe, expect, it } from 'vitest';
import { parseFormBody } from '../../src/http/form-body.js';

const parse = (text: string | Buffer) => parseFormBody(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

describe('parseFormBody', () => {
  it('decodes + and %-escapes as UTF-8', () => {
    expect(parse('comment=caf%C3%A9+au+lait&author=A%26B')).toEqual({ fields: { comment: 'café au lait', author: 'A&B' }, problem: null });
  });

  it('reports invalid UTF-8 and keeps a readable version', () => {
    const result = parse('comment=ok%FF%FEbad');
    expect(result.problem).toContain('not valid UTF-8');
    expect(result.fields.comment).toBe('ok\uFFFD\uFFFDbad');
  });

  it('reports and removes NUL bytes', () => {
    const result = parse('comment=a%00b');
    expect(result.problem).toContain('NUL');
    expect(result.fields.comment).toBe('ab');
  });

  it('reports broken escapes, repeated fields and too many fields', () => {
    expect(parse('comment=100%').problem).toContain('malformed');
    expect(parse('comment=a&comment=b').problem).toContain('more than once');
    expect(parse(Array.from({ length: 60 }, (_, i) => `f${i}=1`).join('&')).problem).toContain('more than 50');
  });

  it('does not let a field named __proto__ reach the prototype', () => {
    const result = parse('__proto__=x&comment=y');
    expect(result.fields.comment).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
