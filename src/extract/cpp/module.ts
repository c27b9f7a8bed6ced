/**
 * C and C++ files as modules of the program. A source file `src/dao/order_dao.cpp` is module
 * `src.dao.order_dao`; a header `include/order_dao.h` is `include.order_dao_h` (headers and their implementation
 * files usually share a stem). `#include "dao/order_dao.h"` star-imports both the header (`dao.order_dao_h`) and,
 * by that convention, its implementation (`dao.order_dao`, or any `order_dao` when the sources sit in another
 * folder), implementation first: the simulator resolves names by module suffix, so a class or function declared
 * in a header is found where it is defined.
 */
const HEADER = /\.(h|hh|hpp|hxx|h\+\+|inl|ipp|tcc)$/i;
const SOURCE = /\.(c|cc|cpp|cxx|c\+\+|cu)$/i;

function segment(name: string): string {
  return name.replace(/[.\s]/g, '_');
}

/** The dotted module name of a C/C++ file from its path. */
export function cppModuleName(file: string): string {
  const parts = file.split('/');
  const base = parts.pop() ?? file;
  const header = HEADER.test(base);
  const stem = base.replace(HEADER, '').replace(SOURCE, '');
  return [...parts.map(segment), segment(stem) + (header ? '_h' : '')].join('.');
}

/**
 * Star-import targets of an include path: the implementation by convention, then the header itself. For a quoted
 * include with folders, any implementation with the header's stem is also tried (`include/a/x.h`, `src/x.cpp`).
 */
export function includeTargets(path: string, quoted = true): string[] {
  const clean = path.replace(/^\.\/+/, '').replace(/^(\.\.\/)+/, '');
  const parts = clean.split('/').filter((p) => p !== '' && p !== '.');
  const base = parts.pop();
  if (!base) return [];
  const header = HEADER.test(base);
  const stem = segment(base.replace(HEADER, '').replace(SOURCE, ''));
  const dir = parts.map(segment);
  // Implementations often sit in another folder than the include path names (`include/a/x.h`, `src/x.cpp`).
  const implementations = dir.length > 0 && quoted ? [[...dir, stem].join('.'), stem] : [[...dir, stem].join('.')];
  if (!header) return implementations;
  return [...implementations, [...dir, `${stem}_h`].join('.')];
}
