//===- LoweringUtils.h - helpers for the nn -> linalg lowering --*- C++ -*-===//
//
// Small builders shared by the nn lowering patterns: empty tensors with the
// right dynamic sizes, broadcasting elementwise maps and reductions.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
#define PCC_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

namespace pcc::lowering {

using BodyFn = std::function<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                         mlir::ValueRange)>;

/// A float constant of the given element type.
mlir::Value floatConst(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                       double value);

/// `tensor.dim` for dynamic dimensions, an index constant otherwise.
mlir::OpFoldResult dimOf(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value tensor, int64_t dim);

/// An empty tensor of `type`; each dynamic dimension d takes its size from
/// `dynamicSize(d)`.
mlir::Value
emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
            mlir::RankedTensorType type,
            const std::function<mlir::Value(int64_t)> &dynamicSize);

/// An empty tensor of `type` whose dynamic sizes are those of `like`'s
/// dimensions listed in `dims` (dims[i] is the dimension of `like` that
/// result dimension i comes from).
mlir::Value emptyLike(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::RankedTensorType type, mlir::Value like,
                      llvm::ArrayRef<int64_t> dims);

/// `linalg.fill` of a new tensor of `type` (dynamic sizes as emptyLike).
mlir::Value filledLike(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::RankedTensorType type, mlir::Value like,
                       llvm::ArrayRef<int64_t> dims, double value);

/// The indexing map that reads a tensor of type `input` from the iteration
/// space of `result` when it broadcasts to it by the NumPy rule: trailing
/// alignment, static size-1 dimensions read at index 0.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             mlir::RankedTensorType input,
                             mlir::RankedTensorType result);

/// An elementwise linalg.generic producing `resultType` from `inputs`, which
/// are broadcast to it by the NumPy rule (trailing alignment, static size-1
/// dimensions stretched). `body` gets one scalar per input.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::RankedTensorType resultType,
                             mlir::ValueRange inputs, const BodyFn &body);

/// Reduces `input` over `axes` with `combine(acc, element)`, starting from
/// `init`. The result drops the reduced dimensions.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value input, llvm::ArrayRef<int64_t> axes,
                           double init, const BodyFn &combine);

/// Broadcasts a tensor whose shape is `full` without `axes` back along them:
/// the indexing map that reads it from the full iteration space.
mlir::AffineMap dropAxesMap(mlir::MLIRContext *ctx, int64_t rank,
                            llvm::ArrayRef<int64_t> axes);

/// Element count of dimension `dim` (0 if rank 0) as a float scalar.
mlir::Value dimAsFloat(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value tensor, llvm::ArrayRef<int64_t> dims,
                       mlir::Type floatType);

/// Collapses a tensor to rank 1 and expands it to `resultType` (row-major
/// reshape). Dynamic result dimensions (at most one) are total / static.
mlir::Value buildReshape(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, mlir::RankedTensorType resultType);

/// Pads the two spatial dimensions of an NCHW tensor symmetrically with
/// `value`.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       llvm::ArrayRef<int64_t> pad, double value);

/// The maximum of `x` along `axis` and Σ exp(x - max) along it: the stable
/// pieces of softmax and log-sum-exp. Both drop `axis`.
std::pair<mlir::Value, mlir::Value>
buildMaxAndSumExp(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                  int64_t axis);

/// Clamps an integer id to [0, n) and makes it an index.
mlir::Value clampedIndex(mlir::OpBuilder &b, mlir::Location loc, mlir::Value id,
                         int64_t n);

/// Lowers an elementwise op (operands broadcast to the result type) to one
/// linalg.generic whose body is the scalar formula `body`.
template <typename OpTy>
struct ElementwiseLowering : mlir::OpConversionPattern<OpTy> {
  ElementwiseLowering(mlir::MLIRContext *ctx, BodyFn body)
      : mlir::OpConversionPattern<OpTy>(ctx), body(std::move(body)) {}

  mlir::LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    auto type = mlir::cast<mlir::RankedTensorType>(op.getType());
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), type,
                                            adaptor.getOperands(), body));
    return mlir::success();
  }

  BodyFn body;
};

} // namespace pcc::lowering

#endif // PCC_LIB_CONVERSION_NNTOLINALG_LOWERINGUTILS_H
