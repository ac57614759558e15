//===- NNCheck.h - diagnosing shape rules of the nn verifiers ---*- C++ -*-===//
//
// Private to the nn dialect library. A forward op and its gradient op share
// one shape rule (a gradient's `grad` operand has the forward result's
// shape), so the rules that report errors live here once, used by the
// forward ops' inference (NNOps.cpp) and the gradient ops' verifiers
// (NNGradOps.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef PCC_LIB_DIALECT_NN_IR_NNCHECK_H
#define PCC_LIB_DIALECT_NN_IR_NNCHECK_H

#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/IR/Diagnostics.h"

#include <optional>
#include <string>

namespace pcc::nn::check {

/// Builds diagnostics that read like every other op error:
/// `'nn.dense' op expects ...`.
struct Checker {
  std::optional<mlir::Location> loc;
  llvm::StringRef opName;

  mlir::LogicalResult fail(const llvm::Twine &msg) const;

  /// `name` must be a ranked tensor of one of the allowed ranks.
  mlir::LogicalResult rank(llvm::StringRef name, mlir::Value v,
                           int64_t minRank, int64_t maxRank) const;

  /// Every float operand of an op shares one element type.
  mlir::LogicalResult sameElementType(llvm::StringRef aName, mlir::Value a,
                                      llvm::StringRef bName,
                                      mlir::Value b) const;

  static std::string typeStr(mlir::Type t);
};

/// Two static-or-dynamic dimensions can describe the same extent.
inline bool dimsCompatible(int64_t a, int64_t b) {
  return mlir::ShapedType::isDynamic(a) || mlir::ShapedType::isDynamic(b) ||
         a == b;
}

/// Equal ranks and pairwise compatible dimensions.
bool shapesCompatible(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// A tensor of `shape` with `like`'s element type.
mlir::RankedTensorType tensorOf(llvm::ArrayRef<int64_t> shape,
                                mlir::Value like);

/// `[1, 2]` for diagnostics.
std::string listToString(llvm::ArrayRef<int64_t> values);

/// `values` has two entries, each at least `minValue`.
mlir::LogicalResult checkPair(const Checker &c, llvm::StringRef attrName,
                              llvm::ArrayRef<int64_t> values,
                              int64_t minValue);

/// `axes` are distinct dimensions of a rank-`rank` tensor named `name`
/// (negative values count from the end). On success `normalized` holds
/// them as non-negative indices, sorted.
mlir::LogicalResult normalizeAxes(const Checker &c, llvm::StringRef name,
                                  llvm::ArrayRef<int64_t> shape,
                                  llvm::ArrayRef<int64_t> axes,
                                  llvm::SmallVectorImpl<int64_t> &normalized);

/// The output shape of `nn.conv2d` for an `input` (named `inputName` in
/// diagnostics) and a `filter`, both rank 4, after checking the window
/// attributes and that the filter has a static window that fits.
mlir::LogicalResult conv2dOutputShape(const Checker &c,
                                      llvm::StringRef inputName,
                                      mlir::RankedTensorType input,
                                      mlir::RankedTensorType filter,
                                      llvm::ArrayRef<int64_t> stride,
                                      llvm::ArrayRef<int64_t> padding,
                                      llvm::ArrayRef<int64_t> dilation,
                                      llvm::SmallVectorImpl<int64_t> &shape);

/// The output shape of `nn.max_pool2d`/`nn.avg_pool2d` for a rank-4 `input`
/// (named `inputName`), after checking the pooling attributes.
mlir::LogicalResult
pool2dOutputShape(const Checker &c, llvm::StringRef inputName,
                  mlir::RankedTensorType input, llvm::ArrayRef<int64_t> kernel,
                  std::optional<llvm::ArrayRef<int64_t>> stride,
                  llvm::ArrayRef<int64_t> padding,
                  llvm::SmallVectorImpl<int64_t> &shape);

/// The shape of `nn.slice` of `input` (named `inputName`).
mlir::LogicalResult sliceShape(const Checker &c, llvm::StringRef inputName,
                               mlir::RankedTensorType input,
                               llvm::ArrayRef<int64_t> offsets,
                               llvm::ArrayRef<int64_t> sizes,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::SmallVectorImpl<int64_t> &shape);

/// The operand rules of `nn.mse`: one element type, compatible shapes.
mlir::LogicalResult checkMseOperands(const Checker &c, mlir::Value prediction,
                                     mlir::Value target);

/// The operand rules of `nn.cross_entropy`: logits `[..., C]` with static
/// C, labels `[...]`.
mlir::LogicalResult checkCrossEntropyOperands(const Checker &c,
                                              mlir::Value logits,
                                              mlir::Value labels);

} // namespace pcc::nn::check

#endif // PCC_LIB_DIALECT_NN_IR_NNCHECK_H
