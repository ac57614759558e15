//===- Passes.h - pcc transformation passes ---------------------*- C++ -*-===//
#ifndef PCC_TRANSFORMS_PASSES_H
#define PCC_TRANSFORMS_PASSES_H

#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace pcc {

#define GEN_PASS_DECL
#include "pcc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pcc/Transforms/Passes.h.inc"

} // namespace pcc

#endif // PCC_TRANSFORMS_PASSES_H
