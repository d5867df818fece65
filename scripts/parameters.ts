/**
 * Papermill-style parameters for TypeScript notebooks: the cell tagged `parameters` declares typed
 * defaults (`const lr: number = 0.1;`); overrides go into a cell tagged `injected-parameters` inserted
 * after it, type-checked against the declared types before anything runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import * as ts from 'typescript';

/** One declared parameter. */
export interface Parameter {
  name: string;
  /** The declared type, as written. */
  type: string;
  /** The default value's expression, as written. */
  initializer: string;
  /** Earlier parameters the default refers to (e.g. `smoke` in `smoke ? 2 : 100`). */
  references: string[];
}

/** A problem with the parameters cell or with an override; the message says how to fix it. */
export class ParameterError extends Error {}

/** Reads the declarations of a parameters cell. Each must be `const|let name: type = value;`. */
export function parseParameters(source: string): Parameter[] {
  const file = ts.createSourceFile('parameters.ts', source, ts.ScriptTarget.ES2020, true);
  const params: Parameter[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) {
      throw new ParameterError(
        `the parameters cell may only declare variables, found: ${statement.getText(file).split('\n')[0]}`,
      );
    }
    for (const decl of statement.declarationList.declarations) {
      const name = decl.name.getText(file);
      if (!ts.isIdentifier(decl.name) || !decl.type || !decl.initializer) {
        throw new ParameterError(`parameter '${name}' needs a type and a default, e.g. \`const ${name}: number = 1;\``);
      }
      const known = new Set(params.map((p) => p.name));
      const references = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && known.has(node.text)) references.add(node.text);
        ts.forEachChild(node, visit);
      };
      visit(decl.initializer);
      params.push({ name, type: decl.type.getText(file), initializer: decl.initializer.getText(file), references: [...references] });
    }
  }
  return params;
}

/** Splits `KEY=VALUE` arguments; the value may itself contain '='. */
export function parseAssignments(assignments: string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new ParameterError(`--param '${a}' is not KEY=VALUE (e.g. --param lr=0.05)`);
    result.set(a.slice(0, eq).trim(), a.slice(eq + 1));
  }
  return result;
}

/** `name: type = default` lines, for error messages and --help. */
export function describeParameters(params: Parameter[]): string {
  return params.map((p) => `  ${p.name}: ${p.type} = ${p.initializer}`).join('\n');
}

const libDir = path.dirname(require.resolve('typescript'));
const libFiles = new Map<string, ts.SourceFile>();

/** Type-checks `source` alone (ES2020 library, no DOM, no node types); returns the error messages. */
function typeErrors(source: string): string[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, onError) => {
    if (fileName === 'check.ts') return ts.createSourceFile(fileName, source, languageVersion);
    if (!fileName.startsWith(libDir)) return getSourceFile(fileName, languageVersion, onError);
    if (!libFiles.has(fileName)) libFiles.set(fileName, getSourceFile(fileName, languageVersion, onError)!);
    return libFiles.get(fileName);
  };
  host.fileExists = (fileName) => fileName === 'check.ts' || fs.existsSync(fileName);
  const program = ts.createProgram(['check.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === 'check.ts')
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * Turns a command-line value into a TypeScript expression of the parameter's type: the text as an
 * expression (`0.05`, `true`, `[8, 8]`, `'relu'`), else the text as a string (`relu`).
 */
function overrideExpression(param: Parameter, value: string, paramsSource: string): string {
  const errors: string[] = [];
  for (const candidate of [value.trim(), JSON.stringify(value)]) {
    if (candidate === '') continue;
    // The declared type, not `typeof`: TypeScript narrows `const x: boolean = false` to `false`.
    const found = typeErrors(`${paramsSource}\n;const __override_check: (${param.type}) = (${candidate}\n);\n`);
    if (found.length === 0) return candidate;
    errors.push(found[found.length - 1]);
  }
  // A bare word fails as an unknown name first; the string reading's error says more.
  const reason = errors.find((e) => !e.startsWith('Cannot find name')) ?? errors[0];
  throw new ParameterError(`parameter '${param.name}' is ${param.type}, and '${value}' is not one (${reason})`);
}

/** The cell the runner inserts after the parameters cell, and the values all parameters then take. */
export interface Injection {
  source: string;
  values: Record<string, unknown>;
}

/**
 * Builds the injected cell from overrides (name to command-line text). Parameters whose defaults refer
 * to an overridden one are declared again so they follow it (e.g. `smoke` changes `epochs`). `params`
 * are the cell's declarations when already parsed (`parseParameters(paramsSource)`).
 */
export function injectParameters(paramsSource: string, overrides: Map<string, string>, params: Parameter[] = parseParameters(paramsSource)): Injection {
  const byName = new Map(params.map((p) => [p.name, p]));
  for (const name of overrides.keys()) {
    if (!byName.has(name)) {
      throw new ParameterError(`unknown parameter '${name}'. Valid parameters:\n${describeParameters(params)}`);
    }
  }
  const expressions = new Map<string, string>();
  for (const [name, value] of overrides) expressions.set(name, overrideExpression(byName.get(name)!, value, paramsSource));

  const changed = new Set(overrides.keys());
  const lines = ['// Injected by the runner: these values replace the defaults above.'];
  for (const p of params) {
    const follows = !changed.has(p.name) && p.references.some((r) => changed.has(r));
    if (follows) changed.add(p.name);
    if (changed.has(p.name)) lines.push(`const ${p.name}: ${p.type} = ${expressions.get(p.name) ?? p.initializer};`);
  }
  const source = lines.join('\n');
  return { source, values: evaluateParameters(paramsSource, source, params) };
}

/** Runs the parameters cell and the injected cell (types stripped) and returns every parameter's value. */
function evaluateParameters(paramsSource: string, injectedSource: string, params: Parameter[]): Record<string, unknown> {
  const js = (code: string) => ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2020 } }).outputText;
  const names = params.map((p) => p.name).join(', ');
  const program = `(() => {\n${js(paramsSource)}\n{\n${js(injectedSource)}\nreturn { ${names} };\n}\n})()`;
  try {
    const values = vm.runInNewContext(program, {}, { timeout: 1000 }) as Record<string, unknown>;
    return JSON.parse(JSON.stringify(values));
  } catch (e) {
    throw new ParameterError(`the parameters could not be evaluated: ${(e as Error).message}`);
  }
}
