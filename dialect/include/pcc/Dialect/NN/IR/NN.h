//===- NN.h - the nn dialect ------------------------------------*- C++ -*-===//
//
// Public header of the nn dialect: differentiable programs on ranked tensors.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_DIALECT_NN_IR_NN_H
#define PCC_DIALECT_NN_IR_NN_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pcc/Dialect/NN/IR/NNDialect.h.inc"
#include "pcc/Dialect/NN/IR/NNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "pcc/Dialect/NN/IR/NNAttrs.h.inc"

#define GET_OP_CLASSES
#include "pcc/Dialect/NN/IR/NNOps.h.inc"

#include "pcc/Dialect/NN/IR/NNShapes.h"

namespace pcc::nn {
/// Attaches the derivative rules (NNDifferentiable.cpp) to the nn ops; the
/// dialect does this when it is loaded.
void attachDifferentiableOpInterface(mlir::MLIRContext *ctx);
} // namespace pcc::nn

#endif // PCC_DIALECT_NN_IR_NN_H
