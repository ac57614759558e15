//===- NNDialect.cpp - nn dialect registration ----------------------------===//
#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace pcc::nn;

#include "pcc/Dialect/NN/IR/NNDialect.cpp.inc"
#include "pcc/Dialect/NN/IR/NNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "pcc/Dialect/NN/IR/NNAttrs.cpp.inc"

void NNDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "pcc/Dialect/NN/IR/NNAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "pcc/Dialect/NN/IR/NNOps.cpp.inc"
      >();
  attachDifferentiableOpInterface(getContext());
}
