//===- NNShapes.h - shape rules shared by verifiers and lowerings -*- C++ -*-===//
//
// The shape rules of the nn dialect live here once, so that the verifier
// that rejects a program and the lowering that implements it cannot
// disagree about what a shape means.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_DIALECT_NN_IR_NNSHAPES_H
#define PCC_DIALECT_NN_IR_NNSHAPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace pcc::nn {

/// NumPy broadcasting of two shapes (see the dialect description). Returns
/// std::nullopt if a pair of dimensions is incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Output extent of a sliding window: (in + 2·pad - dil·(k-1) - 1)/stride + 1,
/// dynamic if `in` is dynamic. May be < 1 for a window larger than the input.
int64_t slidingWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t pad, int64_t dilation);

/// Prints a shape as `4x?x8` (or `scalar` for rank 0) for diagnostics.
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

} // namespace pcc::nn

#endif // PCC_DIALECT_NN_IR_NNSHAPES_H
