//===- Symbols.h - symbol table of pcc_rt for JIT registration ------------===//
//
// Lists every exported pcc_rt entry point by its exact (C, unmangled) symbol
// name, e.g. to register them with mlir::ExecutionEngine::registerSymbols.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_SYMBOLS_H
#define PCC_RT_SYMBOLS_H

#include <cstdint>

extern "C" {

struct PccRtSymbol {
  const char *name; ///< exact symbol name, e.g. "_mlir_ciface_pcc_rt_matmul_f32"
  void *address;    ///< address of the function
};

/// Returns a pointer to a static array of symbols; stores its length in
/// *count (if count is non-null).
const PccRtSymbol *pcc_rt_symbols(int64_t *count);

} // extern "C"

#endif // PCC_RT_SYMBOLS_H
