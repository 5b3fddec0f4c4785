import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';
import * as webhooks from '../../src/webhooks.js';

const root = join(__dirname, '../..');
const sources = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));

/** The README's Errors table: one row per class, `| `Class` / `isClass` ... | `CODE` ... |`. */
function errorTableRows(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Errors\n'), readme.indexOf('\n## ', readme.indexOf('\n## Errors\n') + 1));
  return section.split('\n').filter((l) => l.startsWith('| `'));
}

describe('the README Errors table', () => {
  it('lists every exported error class with its guard and its stable code', () => {
    const exported = Object.keys({ ...sdk, ...webhooks }).filter((n) => /^[A-Z]\w*Error$/.test(n));
    const rows = errorTableRows();
    expect(exported.length).toBeGreaterThanOrEqual(13);
    for (const name of exported) {
      const row = rows.find((r) => r.startsWith(`| \`${name}\``));
      expect(row, `${name} has no row in the README's Errors table`).toBeDefined();
      expect(row).toContain(`\`is${name}\``);
      // The class's own code, read from its declaration (API errors list one code per status).
      const source = sources.find((s) => new RegExp(`export class ${name} extends`).test(s));
      const code = source && new RegExp(`class ${name} extends[\\s\\S]*?readonly code = '(BAXTER_[A-Z_]+)'`).exec(source)?.[1];
      if (code) expect(row, `${name}'s row lacks ${code}`).toContain(`\`${code}\``);
    }
  });
});
