import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A block left open swallows every rule after it without a word from the browser or the
 * build (a merge once left two `@media` blocks unclosed and the KPI, tracking and visitor
 * styles silently stopped applying). Comments and strings are skipped.
 */
function openBlocksAtEnd(css: string): { depth: number; firstNegativeLine: number | null } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(["'])(?:\\.|(?!\1).)*\1/g, (str) => str.replace(/[{}]/g, ' '));
  let depth = 0;
  let line = 1;
  let firstNegativeLine: number | null = null;
  for (const ch of text) {
    if (ch === '\n') line += 1;
    else if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth < 0 && firstNegativeLine === null) firstNegativeLine = line;
    }
  }
  return { depth, firstNegativeLine };
}

describe('the stylesheet', () => {
  it.each(['./styles.css', './chat-reach.css'])('%s closes every block it opens', (file) => {
    const css = readFileSync(new URL(file, import.meta.url), 'utf8');
    expect(openBlocksAtEnd(css)).toEqual({ depth: 0, firstNegativeLine: null });
  });

  it('notices a block left open', () => {
    expect(openBlocksAtEnd('@media (max-width: 600px) {\n  .a {\n    color: red;\n  }\n\n.b { color: blue; }').depth).toBe(1);
  });
});
