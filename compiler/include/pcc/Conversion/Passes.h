//===- Passes.h - pcc conversion passes -------------------------*- C++ -*-===//
#ifndef PCC_CONVERSION_PASSES_H
#define PCC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "pcc/Dialect/PC/IR/PC.h"

namespace pcc {

#define GEN_PASS_DECL
#include "pcc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pcc/Conversion/Passes.h.inc"

} // namespace pcc

#endif // PCC_CONVERSION_PASSES_H
