import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function createFixtureProgram(files: string[], extra: ts.CompilerOptions = {}): ts.Program {
  return ts.createProgram({
    rootNames: files,
    options: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      ...extra,
    },
  });
}

/** The exported function's signature in a fixture file. */
export function signatureOf(program: ts.Program, file: string, name: string): ts.Signature {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`no source file ${file}`);
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) throw new Error(`${file} is not a module`);
  const sym = checker.getExportsOfModule(mod).find((s) => s.name === name);
  if (!sym) throw new Error(`${file} does not export ${name}`);
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  if (!decl) throw new Error(`${name} has no declaration`);
  const sig = checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures()[0];
  if (!sig) throw new Error(`${name} is not a function`);
  return sig;
}
