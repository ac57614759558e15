//===- NNToLinalgPatterns.cpp - elementwise, normalisation, losses --------===//
//
// Lowerings of the nn ops that become linalg.generic: elementwise math with
// broadcasting, the numerically stable softmax / log-sum-exp, layer norm,
// the embedding gather and the two losses.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace pcc::lowering;
namespace nn = pcc::nn;

namespace {

Value maxF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MaximumFOp::create(b, loc, x, y);
}
Value addF(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}

/// Softmax along one axis: max, sum of shifted exponentials, normalise.
struct SoftmaxLowering : OpConversionPattern<nn::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t axis = op.getNormalizedAxis(), rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    auto [max, sum] = buildMaxAndSumExp(rewriter, loc, x, axis);
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap drop = dropAxesMap(ctx, rank, {axis});
    Value out = emptyLike(rewriter, loc, type, x,
                          llvm::to_vector(llvm::seq<int64_t>(0, rank)));
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{x, max, sum},
            ValueRange{out}, ArrayRef<AffineMap>{id, drop, drop, id}, par,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value e = math::ExpOp::create(
                  b, l, arith::SubFOp::create(b, l, a[0], a[1]));
              linalg::YieldOp::create(b, l,
                                      arith::DivFOp::create(b, l, e, a[2]).getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (x - mean) / sqrt(var + eps) * gamma + beta over the last dimension.
struct LayerNormLowering : OpConversionPattern<nn::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type et = type.getElementType();
    int64_t rank = type.getRank(), last = rank - 1;
    MLIRContext *ctx = rewriter.getContext();
    auto sumFn = [](OpBuilder &b, Location l, ValueRange a) {
      return addF(b, l, a[0], a[1]);
    };
    Value invD = arith::DivFOp::create(
        rewriter, loc, floatConst(rewriter, loc, et, 1.0),
        dimAsFloat(rewriter, loc, x, {last}, et));
    Value sum = buildReduction(rewriter, loc, x, {last}, 0.0, sumFn);
    auto keptType = cast<RankedTensorType>(sum.getType());
    Value mean = buildElementwise(
        rewriter, loc, keptType, {sum},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::MulFOp::create(b, l, a[0], invD);
        });
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap drop = dropAxesMap(ctx, rank, {last});
    SmallVector<int64_t> keptDims =
        llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
    Value zero = filledLike(rewriter, loc, keptType, x, keptDims, 0.0);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters[last] = utils::IteratorType::reduction;
    Value sq =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{keptType}, ValueRange{x, mean},
            ValueRange{zero}, ArrayRef<AffineMap>{id, drop, drop}, iters,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value c = arith::SubFOp::create(b, l, a[0], a[1]);
              Value y = addF(b, l, a[2], arith::MulFOp::create(b, l, c, c));
              linalg::YieldOp::create(b, l, y);
            })
            .getResult(0);
    Value eps = floatConst(rewriter, loc, et,
                           op.getEpsilon().convertToDouble());
    AffineMap lastOnly = AffineMap::get(
        rank, 0, {getAffineDimExpr(last, ctx)}, ctx);
    Value out = emptyLike(rewriter, loc, type, x,
                          llvm::to_vector(llvm::seq<int64_t>(0, rank)));
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type},
            ValueRange{x, mean, sq, adaptor.getGamma(), adaptor.getBeta()},
            ValueRange{out},
            ArrayRef<AffineMap>{id, drop, drop, lastOnly, lastOnly, id}, par,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value var = arith::MulFOp::create(b, l, a[2], invD);
              Value inv = arith::DivFOp::create(
                  b, l, floatConst(b, l, et, 1.0),
                  math::SqrtOp::create(b, l, addF(b, l, var, eps)));
              Value n = arith::MulFOp::create(
                  b, l, arith::SubFOp::create(b, l, a[0], a[1]), inv);
              Value y = addF(b, l, arith::MulFOp::create(b, l, n, a[3]), a[4]);
              linalg::YieldOp::create(b, l, y);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct EmbeddingLowering : OpConversionPattern<nn::EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ids = adaptor.getIds(), table = adaptor.getTable();
    auto type = cast<RankedTensorType>(op.getType());
    auto tableType = cast<RankedTensorType>(table.getType());
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    Value out = emptyLike(rewriter, loc, type, ids,
                          llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)));
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    AffineMap idsMap = dropAxesMap(ctx, rank, {rank - 1});
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{ids}, ValueRange{out},
            ArrayRef<AffineMap>{idsMap,
                                AffineMap::getMultiDimIdentityMap(rank, ctx)},
            par,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value row = clampedIndex(b, l, a[0], tableType.getDimSize(0));
              Value col = linalg::IndexOp::create(b, l, rank - 1);
              linalg::YieldOp::create(
                  b, l,
                  tensor::ExtractOp::create(b, l, table, ValueRange{row, col})
                      .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Sums a tensor to rank 0 and divides by `count`.
Value meanToScalar(OpBuilder &b, Location loc, Value perElement, Value count) {
  auto t = cast<RankedTensorType>(perElement.getType());
  Value total = buildReduction(
      b, loc, perElement, llvm::to_vector(llvm::seq<int64_t>(0, t.getRank())),
      0.0, [](OpBuilder &nb, Location l, ValueRange a) {
        return addF(nb, l, a[0], a[1]);
      });
  return buildElementwise(b, loc, cast<RankedTensorType>(total.getType()),
                          {total},
                          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                            return arith::DivFOp::create(nb, l, a[0], count);
                          });
}

struct MseLowering : OpConversionPattern<nn::MseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value p = adaptor.getPrediction(), t = adaptor.getTarget();
    auto pt = cast<RankedTensorType>(p.getType());
    Type et = pt.getElementType();
    Value half = floatConst(rewriter, loc, et, 0.5);
    Value sq = buildElementwise(
        rewriter, loc, pt, {p, t},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value d = arith::SubFOp::create(b, l, a[0], a[1]);
          return arith::MulFOp::create(b, l, half,
                                       arith::MulFOp::create(b, l, d, d));
        });
    Value batch = pt.getRank() == 0
                      ? floatConst(rewriter, loc, et, 1.0)
                      : dimAsFloat(rewriter, loc, p, {0}, et);
    rewriter.replaceOp(op, meanToScalar(rewriter, loc, sq, batch));
    return success();
  }
};

/// mean over positions of logsumexp(z) - z[label], with the row maximum
/// subtracted inside the exponential.
struct CrossEntropyLowering : OpConversionPattern<nn::CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value z = adaptor.getLogits(), labels = adaptor.getLabels();
    auto zt = cast<RankedTensorType>(z.getType());
    Type et = zt.getElementType();
    int64_t rank = zt.getRank(), cls = rank - 1;
    int64_t numClasses = zt.getDimSize(cls);
    auto [max, sum] = buildMaxAndSumExp(rewriter, loc, z, cls);
    auto keptType = cast<RankedTensorType>(max.getType());
    SmallVector<int64_t> keptDims =
        llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
    // Per position: log(sum) + max - z[pos, label[pos]].
    Value perPos = buildElementwise(
        rewriter, loc, keptType, {labels, max, sum},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          SmallVector<Value> idx;
          for (int64_t d = 0; d < rank - 1; ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d));
          idx.push_back(clampedIndex(b, l, a[0], numClasses));
          Value zy = tensor::ExtractOp::create(b, l, z, idx);
          Value lse = addF(b, l, math::LogOp::create(b, l, a[2]), a[1]);
          return arith::SubFOp::create(b, l, lse, zy);
        });
    Value count = dimAsFloat(rewriter, loc, labels, keptDims, et);
    rewriter.replaceOp(op, meanToScalar(rewriter, loc, perPos, count));
    return success();
  }
};

} // namespace

void pcc::populateNNElementwiseLoweringPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  auto one = [](OpBuilder &b, Location l, Value like) {
    return floatConst(b, l, like.getType(), 1.0);
  };
  patterns.add<ElementwiseLowering<nn::AddOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::AddFOp::create(b, l, a[0], a[1]);
      });
  patterns.add<ElementwiseLowering<nn::SubOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::SubFOp::create(b, l, a[0], a[1]);
      });
  patterns.add<ElementwiseLowering<nn::MulOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::MulFOp::create(b, l, a[0], a[1]);
      });
  patterns.add<ElementwiseLowering<nn::ReluOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return maxF(b, l, a[0], floatConst(b, l, a[0].getType(), 0.0));
      });
  patterns.add<ElementwiseLowering<nn::TanhOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::TanhOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::SigmoidOp>>(
      ctx, [one](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, a[0]));
        return arith::DivFOp::create(b, l, one(b, l, a[0]),
                                     addF(b, l, one(b, l, a[0]), e));
      });
  patterns.add<ElementwiseLowering<nn::GeluOp>>(
      ctx, [one](OpBuilder &b, Location l, ValueRange a) -> Value {
        Type t = a[0].getType();
        Value scaled = arith::MulFOp::create(b, l, a[0],
                                             floatConst(b, l, t, M_SQRT1_2));
        Value phi2 = addF(b, l, one(b, l, a[0]), math::ErfOp::create(b, l, scaled));
        return arith::MulFOp::create(
            b, l, arith::MulFOp::create(b, l, floatConst(b, l, t, 0.5), a[0]),
            phi2);
      });
  patterns.add<ElementwiseLowering<nn::ExpOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::ExpOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::LogOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::LogOp::create(b, l, a[0]);
      });
  patterns.add<SoftmaxLowering, LayerNormLowering, EmbeddingLowering,
               MseLowering, CrossEntropyLowering>(ctx);
}
