import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Project rule: every export of an entry point carries TSDoc with a description
 * and an `@example`, on its declaration (the file the barrel re-exports from).
 * The compiler resolves each re-export to that declaration, so a barrel's own
 * comment never counts for the symbol it re-exports.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = ['src/index.ts', 'src/webhooks.ts', 'src/random.ts', 'src/testing.ts', 'src/idempotency/redis.ts', 'src/idempotency/dynamodb.ts', 'src/cli.ts'] as const;

/** One program for the four entries, built on first use with the project's compiler options. */
let cached: { program: ts.Program; checker: ts.TypeChecker } | undefined;
function compile(): { program: ts.Program; checker: ts.TypeChecker } {
  if (cached) return cached;
  const configPath = ts.findConfigFile(ROOT, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new Error(`no tsconfig.json in ${ROOT}`);
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const program = ts.createProgram({
    rootNames: ENTRIES.map((entry) => ROOT + entry),
    options: { ...options, noEmit: true },
  });
  cached = { program, checker: program.getTypeChecker() };
  return cached;
}

/** The entry's exports as `name (what is missing)`, for those lacking TSDoc or an `@example`. */
function undocumentedExports(entry: string): { exported: number; missing: string[] } {
  const { program, checker } = compile();
  const source = program.getSourceFile(ROOT + entry);
  if (!source) throw new Error(`${entry} is not in the program`);
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module`);
  const exports = checker.getExportsOfModule(module);
  const missing: string[] = [];
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const hasExample = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
    if (!description && !hasExample) missing.push(`${exported.name} (no TSDoc)`);
    else if (!description) missing.push(`${exported.name} (no description)`);
    else if (!hasExample) missing.push(`${exported.name} (no @example)`);
  }
  return { exported: exports.length, missing };
}

describe('public API documentation', () => {
  it.each(ENTRIES)('%s: every export has TSDoc with a description and an @example', (entry) => {
    const { exported, missing } = undocumentedExports(entry);
    expect(exported).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
