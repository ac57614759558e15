//===- MLIRGen.h - model-language AST to the nn dialect ---------*- C++ -*-===//
//
// Evaluates a parsed model file and emits `func.func @loss(inputs...,
// targets...) -> tensor<fT>` in the nn dialect: compile-time values
// (integers, lists, loop variables, block calls) are evaluated here, tensors
// become nn ops with a FileLineColLoc pointing into the model file.
// Semantic errors (unknown names, redefinitions, wrong arity, shape and type
// errors) go to the Diagnostics engine; generation continues after each so
// that one run reports every independent error.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_FRONTEND_MLIRGEN_H
#define PCC_FRONTEND_MLIRGEN_H

#include "pcc/Frontend/AST.h"
#include "pcc/Frontend/Diagnostics.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace pcc::frontend {

/// Emits the module; null (with the errors reported) on failure. The
/// SourceMgr of `diags` must hold the buffer the AST points into.
mlir::OwningOpRef<mlir::ModuleOp> mlirGen(mlir::MLIRContext &context,
                                          const Module &module,
                                          Diagnostics &diags);

/// Parses and emits a model file held by `diags`'s SourceMgr (buffer 1).
mlir::OwningOpRef<mlir::ModuleOp> compileModelFile(mlir::MLIRContext &context,
                                                   Diagnostics &diags);

} // namespace pcc::frontend

#endif // PCC_FRONTEND_MLIRGEN_H
