//===- InitAll.h - the dialects and passes every pcc tool uses -*- C++ -*-===//
//
// One registration function shared by pcc-opt, pcc and the tests, listing
// exactly the dialects and passes pcc uses (no register-everything helper).
//
//===----------------------------------------------------------------------===//
#ifndef PCC_INITALL_H
#define PCC_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace pcc {

/// Adds the nn dialect and every upstream dialect (with its external
/// interface models for bufferization and LLVM translation) that pcc's
/// pipelines produce.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers pcc's passes, the upstream passes its pipelines use, and the
/// named pipelines, so that pcc-opt can run each of them by name.
void registerAllPasses();

} // namespace pcc

#endif // PCC_INITALL_H
