//===- NNToLinalgGradPatterns.cpp - ops that differentiation emits --------===//
//
// Lowerings of the ops that reverse-mode differentiation needs: the
// elementwise div, neg, sqrt, sin, cos and tan; reduce_sum and its transpose
// broadcast_like; and the gradient ops. The window gradients (convolution
// input, pooling) are written in gather form: each result element sums the
// window outputs that read it, found by inverting the window's index map.
// That makes each one a single linalg.generic with no conflicting writes,
// which bufferizes and parallelises like the forward ops.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "pcc/Conversion/KernelForms.h"
#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace pcc::lowering;
namespace nn = pcc::nn;

namespace {

using Iter = utils::IteratorType;

SmallVector<int64_t> iota(int64_t n) {
  return llvm::to_vector(llvm::seq<int64_t>(0, n));
}

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value loopIndex(OpBuilder &b, Location loc, int64_t dim) {
  return linalg::IndexOp::create(b, loc, dim);
}

/// `x·scale + offset` on indices.
Value affineIndex(OpBuilder &b, Location loc, Value x, int64_t scale,
                  int64_t offset) {
  Value v = scale == 1 ? x
                       : arith::MulIOp::create(b, loc, x,
                                               indexConst(b, loc, scale))
                             .getResult();
  if (offset == 0)
    return v;
  return arith::AddIOp::create(b, loc, v, indexConst(b, loc, offset));
}

Value andAll(OpBuilder &b, Location loc, ArrayRef<Value> conditions) {
  Value all = conditions.front();
  for (Value c : conditions.drop_front())
    all = arith::AndIOp::create(b, loc, all, c);
  return all;
}

/// `acc + (take ? v : 0)`.
Value addIf(OpBuilder &b, Location loc, Value acc, Value take, Value v) {
  Value zero = floatConst(b, loc, v.getType(), 0.0);
  Value picked = arith::SelectOp::create(b, loc, take, v, zero);
  return arith::AddFOp::create(b, loc, acc, picked);
}

/// A zero-filled tensor of `type`; dynamic sizes from `dynamicSize`.
Value zeros(OpBuilder &b, Location loc, RankedTensorType type,
            const std::function<Value(int64_t)> &dynamicSize) {
  Value empty = emptyTensor(b, loc, type, dynamicSize);
  Value zero = floatConst(b, loc, type.getElementType(), 0.0);
  return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty})
      .getResult(0);
}

AffineMap dimsMap(MLIRContext *ctx, unsigned numDims,
                  ArrayRef<unsigned> dims) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d : dims)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numDims, 0, exprs, ctx);
}

//===----------------------------------------------------------------------===//
// Window inversion
//===----------------------------------------------------------------------===//

/// A window op reads input position `o·stride + k·dil - pad` for output
/// position `o` and window offset `k`. For input position `i` and offset
/// `k`, the output position reading it is `(i + pad - k·dil) / stride`, if
/// that is an exact integer in [0, outSize). `index` is 0 where it is not,
/// so that it can always be read.
struct WindowSource {
  Value valid, index;
};

WindowSource windowSource(OpBuilder &b, Location loc, Value i, Value k,
                          int64_t stride, int64_t pad, int64_t dil,
                          Value outSize) {
  Value zero = indexConst(b, loc, 0);
  Value num = arith::SubIOp::create(b, loc, affineIndex(b, loc, i, 1, pad),
                                    affineIndex(b, loc, k, dil, 0));
  Value q = num;
  SmallVector<Value> conditions = {
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, num, zero)};
  if (stride != 1) {
    Value s = indexConst(b, loc, stride);
    q = arith::DivSIOp::create(b, loc, num, s);
    Value r = arith::RemSIOp::create(b, loc, num, s);
    conditions.push_back(
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, r, zero));
  }
  conditions.push_back(
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, q, outSize));
  Value valid = andAll(b, loc, conditions);
  return {valid, arith::SelectOp::create(b, loc, valid, q, zero)};
}

/// The input extent of a window op from its output extent (dimension `dim`
/// of `out`): (o-1)·stride + dil·(k-1) + 1 - 2·pad, the only one with that
/// many windows when the stride is 1.
Value windowInputDim(OpBuilder &b, Location loc, Value out, int64_t dim,
                     int64_t k, int64_t pad, int64_t dil) {
  Value o = tensor::DimOp::create(b, loc, out, dim);
  return affineIndex(b, loc, o, 1, dil * (k - 1) - 2 * pad);
}

/// A gradient with respect to a window op's input takes its dynamic spatial
/// sizes from the output gradient, which only determines them at stride 1.
LogicalResult checkDynamicSpatialSizes(Operation *op, RankedTensorType result,
                                       ArrayRef<int64_t> stride) {
  for (int i = 0; i < 2; ++i)
    if (result.isDynamicDim(2 + i) && stride[i] != 1)
      return op->emitOpError("cannot lower a dynamic spatial result size "
                             "(dimension ")
             << 2 + i << " of " << result << ") with stride " << stride[i]
             << ": several input sizes give the same grad; declare it static";
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions and broadcasts
//===----------------------------------------------------------------------===//

struct ReduceSumLowering : OpConversionPattern<nn::ReduceSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::ReduceSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto rt = cast<RankedTensorType>(op.getType());
    SmallVector<int64_t> axes = op.getNormalizedAxes();
    if (axes.empty()) {
      rewriter.replaceOp(op, x);
      return success();
    }
    Value sum = buildReduction(rewriter, loc, x, axes, 0.0,
                               [](OpBuilder &b, Location l, ValueRange a) {
                                 return arith::AddFOp::create(b, l, a[0], a[1])
                                     .getResult();
                               });
    if (!op.getKeepDims()) {
      rewriter.replaceOp(op, sum);
      return success();
    }
    // Reinsert the summed dimensions with size 1: each joins the group of
    // the next kept dimension (trailing ones the last group).
    if (cast<RankedTensorType>(sum.getType()).getRank() == 0) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, rt, sum, ArrayRef<ReassociationIndices>{});
      return success();
    }
    SmallVector<ReassociationIndices> groups;
    ReassociationIndices pending;
    SmallVector<OpFoldResult> outputShape;
    for (int64_t d = 0; d < rt.getRank(); ++d) {
      pending.push_back(d);
      if (llvm::is_contained(axes, d)) {
        outputShape.push_back(rewriter.getIndexAttr(1));
        continue;
      }
      outputShape.push_back(dimOf(rewriter, loc, x, d));
      groups.push_back(pending);
      pending.clear();
    }
    groups.back().append(pending.begin(), pending.end());
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, rt, sum, groups,
                                                       outputShape);
    return success();
  }
};

/// One generic over `like`'s shape that reads the input through the map of
/// the dropped axes or of NumPy broadcasting.
struct BroadcastLikeLowering : OpConversionPattern<nn::BroadcastLikeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::BroadcastLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value in = adaptor.getInput(), like = adaptor.getLike();
    auto rt = cast<RankedTensorType>(op.getType());
    auto inType = cast<RankedTensorType>(in.getType());
    if (op.getAxes().empty() && inType == rt) {
      rewriter.replaceOp(op, in);
      return success();
    }
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = rt.getRank();
    AffineMap inMap = op.getAxes().empty()
                          ? broadcastMap(ctx, inType, rt)
                          : dropAxesMap(ctx, rank, op.getNormalizedAxes());
    Value out = emptyLike(rewriter, loc, rt, like, iota(rank));
    SmallVector<Iter> par(rank, Iter::parallel);
    rewriter.replaceOp(
        op, linalg::GenericOp::create(
                rewriter, loc, TypeRange{rt}, ValueRange{in}, ValueRange{out},
                ArrayRef<AffineMap>{
                    inMap, AffineMap::getMultiDimIdentityMap(rank, ctx)},
                par,
                [](OpBuilder &b, Location l, ValueRange a) {
                  linalg::YieldOp::create(b, l, a[0]);
                })
                .getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Convolution gradients
//===----------------------------------------------------------------------===//

/// dx[n,c,h,w] = Σ_{f,kh,kw} g[n,f,oh,ow]·w[f,c,kh,kw] over the (oh, ow)
/// whose window reads (h, w) at offset (kh, kw): the scatter form of
/// KernelForms.h into a zero-padded gradient (large enough for every
/// window), whose interior is the result. The runtime runs it as a GEMM and
/// col2im, with no zero-spread or padded copy of g.
struct Conv2DGradInputLowering : OpConversionPattern<nn::Conv2DGradInputOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::Conv2DGradInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value g = adaptor.getGrad(), w = adaptor.getFilter();
    auto rt = cast<RankedTensorType>(op.getType());
    auto gt = cast<RankedTensorType>(g.getType());
    auto wt = cast<RankedTensorType>(w.getType());
    ArrayRef<int64_t> s = op.getStride(), p = op.getPadding(),
                      d = op.getDilation();
    if (failed(checkDynamicSpatialSizes(op, rt, s)))
      return failure();
    if (wt.isDynamicDim(2) || wt.isDynamicDim(3))
      return op.emitOpError("cannot lower a filter with a dynamic kernel "
                            "size: ")
             << wt;
    SmallVector<int64_t> padded(rt.getShape());
    for (int i = 0; i < 2; ++i) {
      if (rt.isDynamicDim(2 + i))
        continue;
      int64_t span = 0;
      if (!gt.isDynamicDim(2 + i))
        span = (gt.getDimSize(2 + i) - 1) * s[i] +
               (wt.getDimSize(2 + i) - 1) * d[i] + 1;
      padded[2 + i] = std::max(rt.getDimSize(2 + i) + 2 * p[i], span);
    }
    auto paddedType = RankedTensorType::get(padded, rt.getElementType());
    // A dynamic size is that of stride 1: o + d·(k - 1) with the padding.
    Value init = zeros(rewriter, loc, paddedType, [&](int64_t dim) -> Value {
      if (dim < 2)
        return tensor::DimOp::create(rewriter, loc, dim == 0 ? g : w, dim);
      return windowInputDim(rewriter, loc, g, dim, wt.getDimSize(dim), 0,
                            d[dim - 2]);
    });
    Value dx = buildConvGrad(rewriter, loc, pcc::ConvGradKind::Input, g, w,
                             init, s, d)
                   .getResult(0);
    if (paddedType == rt && p[0] == 0 && p[1] == 0) {
      rewriter.replaceOp(op, dx);
      return success();
    }
    SmallVector<OpFoldResult> offsets = {
        rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
        rewriter.getIndexAttr(p[0]), rewriter.getIndexAttr(p[1])};
    SmallVector<OpFoldResult> sizes = {dimOf(rewriter, loc, dx, 0),
                                       dimOf(rewriter, loc, dx, 1)};
    for (int i = 0; i < 2; ++i) {
      if (!rt.isDynamicDim(2 + i)) {
        sizes.push_back(rewriter.getIndexAttr(rt.getDimSize(2 + i)));
        continue;
      }
      Value full = tensor::DimOp::create(rewriter, loc, dx, 2 + i);
      sizes.push_back(affineIndex(rewriter, loc, full, 1, -2 * p[i]));
    }
    SmallVector<OpFoldResult> ones(4, rewriter.getIndexAttr(1));
    Value slice =
        tensor::ExtractSliceOp::create(rewriter, loc, dx, offsets, sizes, ones);
    if (slice.getType() != rt)
      slice = tensor::CastOp::create(rewriter, loc, rt, slice);
    rewriter.replaceOp(op, slice);
    return success();
  }
};

/// dw[f,c,kh,kw] = Σ_{n,oh,ow} g[n,f,oh,ow]·xpad[n,c,oh·sh+kh·dh,ow·sw+kw·dw]:
/// the filter-gradient form of KernelForms.h, which the runtime runs as
/// im2col + GEMM.
struct Conv2DGradFilterLowering : OpConversionPattern<nn::Conv2DGradFilterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::Conv2DGradFilterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto rt = cast<RankedTensorType>(op.getType());
    if (rt.isDynamicDim(2) || rt.isDynamicDim(3))
      return op.emitOpError("cannot lower a dynamic kernel size: ") << rt;
    Value x = padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(),
                         0.0);
    Value g = adaptor.getGrad();
    Value init = zeros(rewriter, loc, rt, [&](int64_t dim) -> Value {
      return tensor::DimOp::create(rewriter, loc, dim == 0 ? g : x, 1);
    });
    rewriter.replaceOp(op, buildConvGrad(rewriter, loc,
                                         pcc::ConvGradKind::Filter, g, x,
                                         init, op.getStride(),
                                         op.getDilation())
                               .getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling gradients
//===----------------------------------------------------------------------===//

/// The offset kh·KW + kw of a position in a pooling window, as i64.
static Value windowOffset(OpBuilder &b, Location l, Value kh, Value kw,
                          int64_t kernelW) {
  Value off = arith::AddIOp::create(b, l, affineIndex(b, l, kh, kernelW, 0), kw);
  return arith::IndexCastOp::create(b, l, b.getI64Type(), off);
}

/// First the offset kh·KW + kw of each window's first maximum, then each
/// input position gathers the gradients of the windows it is the maximum of.
struct MaxPool2DGradLowering : OpConversionPattern<nn::MaxPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MaxPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), g = adaptor.getGrad();
    auto xt = cast<RankedTensorType>(x.getType());
    auto gt = cast<RankedTensorType>(g.getType());
    Type et = xt.getElementType();
    Type i64 = rewriter.getI64Type();
    ArrayRef<int64_t> k = op.getKernel(), p = op.getPadding();
    SmallVector<int64_t, 2> s = op.getEffectiveStride();
    MLIRContext *ctx = rewriter.getContext();
    // The window tensor only gives the (kh, kw) loops their extent.
    Value window = tensor::EmptyOp::create(rewriter, loc, k, et);
    SmallVector<Iter> iters(4, Iter::parallel);
    iters.append(2, Iter::reduction);
    SmallVector<AffineMap> maps = {dimsMap(ctx, 6, {4, 5}),
                                   dimsMap(ctx, 6, {0, 1, 2, 3}),
                                   dimsMap(ctx, 6, {0, 1, 2, 3})};
    auto offsetOf = [&](OpBuilder &b, Location l, Value kh, Value kw) {
      return windowOffset(b, l, kh, kw, k[1]);
    };

    // 1. Window (n, c, oh, ow) -> the offset of its first maximum, -1
    // before any position inside the image is seen. The tie rule keeps the
    // result independent of the order in which the window is visited.
    auto argType = RankedTensorType::get(gt.getShape(), i64);
    Value maxInit = filledLike(rewriter, loc, gt, g, iota(4),
                               -std::numeric_limits<double>::infinity());
    Value none = arith::ConstantOp::create(rewriter, loc, i64,
                                           rewriter.getI64IntegerAttr(-1));
    Value argInit =
        linalg::FillOp::create(rewriter, loc, ValueRange{none},
                               ValueRange{emptyLike(rewriter, loc, argType, g,
                                                    iota(4))})
            .getResult(0);
    Value h = tensor::DimOp::create(rewriter, loc, x, 2);
    Value w = tensor::DimOp::create(rewriter, loc, x, 3);
    // The argmax update for value v at window offset off (`inside`: null or
    // whether the position is in the image): take it if it is the first
    // candidate, greater, or equal at a smaller offset; yields (max, arg).
    auto yieldBetter = [&](OpBuilder &b, Location l, Value v, Value off,
                           Value curMax, Value curArg, Value inside) {
      Value first = arith::CmpIOp::create(
          b, l, arith::CmpIPredicate::slt, curArg,
          arith::ConstantOp::create(b, l, i64, b.getI64IntegerAttr(0)));
      Value greater =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, curMax);
      Value tie = arith::AndIOp::create(
          b, l,
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, v, curMax),
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, off, curArg));
      Value better = arith::OrIOp::create(
          b, l, arith::OrIOp::create(b, l, first, greater), tie);
      if (inside)
        better = arith::AndIOp::create(b, l, inside, better);
      linalg::YieldOp::create(
          b, l,
          ValueRange{arith::SelectOp::create(b, l, better, v, curMax),
                     arith::SelectOp::create(b, l, better, off, curArg)});
    };
    // Without padding every window lies inside the image: x is read through
    // the pooling map (oh·sh + kh, ow·sw + kw), with no bounds checks.
    bool unpadded = p[0] == 0 && p[1] == 0;
    if (unpadded) {
      AffineExpr d[6];
      for (unsigned i = 0; i < 6; ++i)
        d[i] = getAffineDimExpr(i, ctx);
      AffineMap xMap = AffineMap::get(
          6, 0, {d[0], d[1], d[2] * s[0] + d[4], d[3] * s[1] + d[5]}, ctx);
      auto argmax = linalg::GenericOp::create(
          rewriter, loc, TypeRange{gt, argType}, ValueRange{x, window},
          ValueRange{maxInit, argInit},
          SmallVector<AffineMap>{xMap, maps[0], maps[1], maps[2]}, iters,
          [&](OpBuilder &b, Location l, ValueRange a) {
            Value off = offsetOf(b, l, loopIndex(b, l, 4), loopIndex(b, l, 5));
            yieldBetter(b, l, a[0], off, a[2], a[3], Value());
          });
      return rewriteWithArgmax(op, rewriter, x, g, argmax.getResult(1));
    }
    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{gt, argType}, ValueRange{window},
        ValueRange{maxInit, argInit}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value kh = loopIndex(b, l, 4), kw = loopIndex(b, l, 5);
          Value ih = arith::AddIOp::create(
              b, l, affineIndex(b, l, loopIndex(b, l, 2), s[0], -p[0]), kh);
          Value iw = arith::AddIOp::create(
              b, l, affineIndex(b, l, loopIndex(b, l, 3), s[1], -p[1]), kw);
          Value zero = indexConst(b, l, 0);
          auto cmp = [&](arith::CmpIPredicate pred, Value u, Value v) {
            return arith::CmpIOp::create(b, l, pred, u, v).getResult();
          };
          Value inside = andAll(
              b, l,
              {cmp(arith::CmpIPredicate::sge, ih, zero),
               cmp(arith::CmpIPredicate::slt, ih, h),
               cmp(arith::CmpIPredicate::sge, iw, zero),
               cmp(arith::CmpIPredicate::slt, iw, w)});
          Value v = tensor::ExtractOp::create(
              b, l, x,
              ValueRange{loopIndex(b, l, 0), loopIndex(b, l, 1),
                         arith::SelectOp::create(b, l, inside, ih, zero),
                         arith::SelectOp::create(b, l, inside, iw, zero)});
          Value off = offsetOf(b, l, kh, kw);
          yieldBetter(b, l, v, off, a[1], a[2], inside);
        });
    return rewriteWithArgmax(op, rewriter, x, g, argmax.getResult(1));
  }

  /// 2. Input (n, c, h, w) sums g over the windows that read it at the
  /// offset of their maximum (`arg`).
  LogicalResult rewriteWithArgmax(nn::MaxPool2DGradOp op,
                                  ConversionPatternRewriter &rewriter, Value x,
                                  Value g, Value arg) const {
    Location loc = op.getLoc();
    auto xt = cast<RankedTensorType>(x.getType());
    auto gt = cast<RankedTensorType>(g.getType());
    Type et = xt.getElementType();
    ArrayRef<int64_t> k = op.getKernel(), p = op.getPadding();
    SmallVector<int64_t, 2> s = op.getEffectiveStride();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<Iter> iters(4, Iter::parallel);
    iters.append(2, Iter::reduction);
    auto offsetOf = [&](OpBuilder &b, Location l, Value kh, Value kw) {
      return windowOffset(b, l, kh, kw, k[1]);
    };
    Value init = zeros(rewriter, loc, xt, [&](int64_t dim) -> Value {
      return tensor::DimOp::create(rewriter, loc, x, dim);
    });
    // Windows that tile the image exactly (stride = kernel, no padding,
    // static H = OH·kh and W = OW·kw; e.g. 2x2 pooling of an even image):
    // every position belongs to one window, (h floordiv kh, w floordiv kw),
    // so the gradient is a parallel map with no window loops or bounds
    // checks.
    bool tiles = s[0] == k[0] && s[1] == k[1] && p[0] == 0 && p[1] == 0 &&
                 !xt.isDynamicDim(2) && !xt.isDynamicDim(3) &&
                 !gt.isDynamicDim(2) && !gt.isDynamicDim(3) &&
                 xt.getDimSize(2) == gt.getDimSize(2) * k[0] &&
                 xt.getDimSize(3) == gt.getDimSize(3) * k[1];
    if (tiles) {
      // Loops (n, c, oh, kh, ow, kw) write dx[n, c, oh·kh' + kh, ow·kw' + kw]
      // (each element once): with kw innermost and static, LLVM unrolls it
      // and vectorizes the ow loop (contiguous g and argmax, interleaved
      // stores), which the equivalent map over (h, w) reading
      // g[h floordiv kh', w floordiv kw'] does not allow.
      AffineExpr d[6];
      for (unsigned i = 0; i < 6; ++i)
        d[i] = getAffineDimExpr(i, ctx);
      AffineMap window = AffineMap::get(6, 0, {d[0], d[1], d[2], d[4]}, ctx);
      AffineMap scatter = AffineMap::get(
          6, 0, {d[0], d[1], d[2] * k[0] + d[3], d[4] * k[1] + d[5]}, ctx);
      // The (kh, kw) loops get their extent from a window-shaped operand.
      Value kernel = tensor::EmptyOp::create(rewriter, loc, k, et);
      SmallVector<AffineMap> tileMaps = {window, window,
                                         dimsMap(ctx, 6, {3, 5}), scatter};
      Value dx =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{xt}, ValueRange{arg, g, kernel},
              ValueRange{init}, tileMaps, SmallVector<Iter>(6, Iter::parallel),
              [&](OpBuilder &b, Location l, ValueRange a) {
                Value isMax = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::eq, a[0],
                    offsetOf(b, l, loopIndex(b, l, 3), loopIndex(b, l, 5)));
                linalg::YieldOp::create(
                    b, l,
                    ValueRange{arith::SelectOp::create(
                        b, l, isMax, a[1],
                        arith::ConstantOp::create(b, l, et,
                                                  b.getFloatAttr(et, 0.0)))});
              })
              .getResult(0);
      rewriter.replaceOp(op, dx);
      return success();
    }
    Value oh = tensor::DimOp::create(rewriter, loc, g, 2);
    Value ow = tensor::DimOp::create(rewriter, loc, g, 3);
    Value window = tensor::EmptyOp::create(rewriter, loc, k, et);
    SmallVector<AffineMap> gatherMaps = {dimsMap(ctx, 6, {4, 5}),
                                         dimsMap(ctx, 6, {0, 1, 2, 3})};
    Value dx =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{xt}, ValueRange{window}, ValueRange{init},
            gatherMaps, iters,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value kh = loopIndex(b, l, 4), kw = loopIndex(b, l, 5);
              WindowSource sh =
                  windowSource(b, l, loopIndex(b, l, 2), kh, s[0], p[0], 1, oh);
              WindowSource sw =
                  windowSource(b, l, loopIndex(b, l, 3), kw, s[1], p[1], 1, ow);
              SmallVector<Value> at = {loopIndex(b, l, 0), loopIndex(b, l, 1),
                                       sh.index, sw.index};
              Value winner = tensor::ExtractOp::create(b, l, arg, at);
              Value gv = tensor::ExtractOp::create(b, l, g, at);
              Value isMax =
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, winner,
                                        offsetOf(b, l, kh, kw));
              Value take = andAll(b, l, {sh.valid, sw.valid, isMax});
              linalg::YieldOp::create(b, l, addIf(b, l, a[1], take, gv));
            })
            .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

/// dx[n,c,h,w] = Σ g[n,c,oh,ow] / (kh·kw) over the windows that read (h, w).
struct AvgPool2DGradLowering : OpConversionPattern<nn::AvgPool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::AvgPool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value g = adaptor.getGrad();
    auto rt = cast<RankedTensorType>(op.getType());
    Type et = rt.getElementType();
    ArrayRef<int64_t> k = op.getKernel(), p = op.getPadding();
    SmallVector<int64_t, 2> s = op.getEffectiveStride();
    if (failed(checkDynamicSpatialSizes(op, rt, s)))
      return failure();
    Value init = zeros(rewriter, loc, rt, [&](int64_t dim) -> Value {
      if (dim < 2)
        return tensor::DimOp::create(rewriter, loc, g, dim);
      return windowInputDim(rewriter, loc, g, dim, k[dim - 2], p[dim - 2], 1);
    });
    Value oh = tensor::DimOp::create(rewriter, loc, g, 2);
    Value ow = tensor::DimOp::create(rewriter, loc, g, 3);
    Value count = floatConst(rewriter, loc, et, double(k[0] * k[1]));
    Value window = tensor::EmptyOp::create(rewriter, loc, k, et);
    MLIRContext *ctx = rewriter.getContext();
    // Iteration space (n, c, h, w, kh, kw).
    SmallVector<AffineMap> maps = {dimsMap(ctx, 6, {4, 5}),
                                   dimsMap(ctx, 6, {0, 1, 2, 3})};
    SmallVector<Iter> iters(4, Iter::parallel);
    iters.append(2, Iter::reduction);
    Value dx =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{rt}, ValueRange{window}, ValueRange{init},
            maps, iters,
            [&](OpBuilder &b, Location l, ValueRange a) {
              WindowSource sh = windowSource(b, l, loopIndex(b, l, 2),
                                             loopIndex(b, l, 4), s[0], p[0], 1,
                                             oh);
              WindowSource sw = windowSource(b, l, loopIndex(b, l, 3),
                                             loopIndex(b, l, 5), s[1], p[1], 1,
                                             ow);
              Value gv = tensor::ExtractOp::create(
                  b, l, g,
                  ValueRange{loopIndex(b, l, 0), loopIndex(b, l, 1), sh.index,
                             sw.index});
              Value share = arith::DivFOp::create(b, l, gv, count);
              Value valid = arith::AndIOp::create(b, l, sh.valid, sw.valid);
              linalg::YieldOp::create(b, l, addIf(b, l, a[1], valid, share));
            })
            .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Shape and lookup gradients
//===----------------------------------------------------------------------===//

/// Zeros of the forward input's shape with the gradient inserted at the box.
struct SliceGradLowering : OpConversionPattern<nn::SliceGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::SliceGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value g = adaptor.getGrad(), like = adaptor.getLike();
    auto rt = cast<RankedTensorType>(op.getType());
    int64_t rank = rt.getRank();
    if (rank == 0) {
      rewriter.replaceOp(op, g);
      return success();
    }
    Value zero = filledLike(rewriter, loc, rt, like, iota(rank), 0.0);
    SmallVector<OpFoldResult> offs, sizes, strides;
    for (int64_t d = 0; d < rank; ++d) {
      offs.push_back(rewriter.getIndexAttr(op.getOffsets()[d]));
      sizes.push_back(dimOf(rewriter, loc, g, d));
      strides.push_back(rewriter.getIndexAttr(op.getStrides()[d]));
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(op, g, zero, offs,
                                                       sizes, strides);
    return success();
  }
};

/// dt[v, d] = Σ_p [clamp(ids[p]) = v]·g[p, d]: a reduction over the id
/// positions for every table row.
struct EmbeddingGradLowering : OpConversionPattern<nn::EmbeddingGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::EmbeddingGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ids = adaptor.getIds(), g = adaptor.getGrad();
    auto rt = cast<RankedTensorType>(op.getType());
    int64_t vocab = rt.getDimSize(0);
    unsigned positions = cast<RankedTensorType>(ids.getType()).getRank();
    unsigned numLoops = 2 + positions;
    MLIRContext *ctx = rewriter.getContext();
    // Iteration space (v, d, p...).
    SmallVector<unsigned> p = llvm::to_vector(llvm::seq<unsigned>(2, numLoops));
    SmallVector<unsigned> pd = p;
    pd.push_back(1);
    SmallVector<AffineMap> maps = {dimsMap(ctx, numLoops, p),
                                   dimsMap(ctx, numLoops, pd),
                                   dimsMap(ctx, numLoops, {0, 1})};
    SmallVector<Iter> iters(2, Iter::parallel);
    iters.append(positions, Iter::reduction);
    Value init = zeros(rewriter, loc, rt, [](int64_t) -> Value {
      llvm_unreachable("the table type is static");
    });
    Value dt =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{rt}, ValueRange{ids, g}, ValueRange{init},
            maps, iters,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value row = clampedIndex(b, l, a[0], vocab);
              Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                row, loopIndex(b, l, 0));
              linalg::YieldOp::create(b, l, addIf(b, l, a[2], hit, a[1]));
            })
            .getResult(0);
    rewriter.replaceOp(op, dt);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Loss gradients
//===----------------------------------------------------------------------===//

/// g·(p - t)/B, B the leading dimension (1 for rank 0).
struct MseGradLowering : OpConversionPattern<nn::MseGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MseGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value p = adaptor.getPrediction();
    auto rt = cast<RankedTensorType>(op.getType());
    Type et = rt.getElementType();
    Value batch = rt.getRank() == 0 ? floatConst(rewriter, loc, et, 1.0)
                                    : dimAsFloat(rewriter, loc, p, {0}, et);
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, rt,
                {p, adaptor.getTarget(), adaptor.getGrad()},
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value diff = arith::SubFOp::create(b, l, a[0], a[1]);
                  Value scaled = arith::MulFOp::create(b, l, diff, a[2]);
                  return arith::DivFOp::create(b, l, scaled, batch);
                }));
    return success();
  }
};

/// g·(softmax(z) - onehot(label))/P with the stable softmax of
/// nn.cross_entropy's lowering.
struct CrossEntropyGradLowering : OpConversionPattern<nn::CrossEntropyGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::CrossEntropyGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value z = adaptor.getLogits(), labels = adaptor.getLabels();
    auto zt = cast<RankedTensorType>(z.getType());
    Type et = zt.getElementType();
    int64_t rank = zt.getRank(), cls = rank - 1;
    int64_t numClasses = zt.getDimSize(cls);
    MLIRContext *ctx = rewriter.getContext();
    auto [max, sum] = buildMaxAndSumExp(rewriter, loc, z, cls);
    Value count = dimAsFloat(rewriter, loc, labels, iota(rank - 1), et);
    Value out = emptyLike(rewriter, loc, zt, z, iota(rank));
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap drop = dropAxesMap(ctx, rank, {cls});
    AffineMap scalar = AffineMap::get(rank, 0, {}, ctx);
    SmallVector<Iter> par(rank, Iter::parallel);
    Value dz =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{zt},
            ValueRange{z, max, sum, labels, adaptor.getGrad()},
            ValueRange{out},
            ArrayRef<AffineMap>{id, drop, drop, drop, scalar, id}, par,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value e = math::ExpOp::create(
                  b, l, arith::SubFOp::create(b, l, a[0], a[1]));
              Value softmax = arith::DivFOp::create(b, l, e, a[2]);
              Value hot = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq,
                  clampedIndex(b, l, a[3], numClasses), loopIndex(b, l, cls));
              Value onehot = arith::SelectOp::create(
                  b, l, hot, floatConst(b, l, et, 1.0),
                  floatConst(b, l, et, 0.0));
              Value diff = arith::SubFOp::create(b, l, softmax, onehot);
              Value scaled = arith::MulFOp::create(b, l, diff, a[4]);
              linalg::YieldOp::create(
                  b, l, arith::DivFOp::create(b, l, scaled, count).getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, dz);
    return success();
  }
};

} // namespace

void pcc::populateNNGradLoweringPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ElementwiseLowering<nn::DivOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::DivFOp::create(b, l, a[0], a[1]);
      });
  patterns.add<ElementwiseLowering<nn::NegOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::NegFOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::SqrtOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::SqrtOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::SinOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::SinOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::CosOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::CosOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::TanOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return math::TanOp::create(b, l, a[0]);
      });
  patterns.add<ElementwiseLowering<nn::ReluGradOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value zero = floatConst(b, l, a[0].getType(), 0.0);
        Value positive =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, a[0], zero);
        return arith::SelectOp::create(b, l, positive, a[1], zero);
      });
  patterns.add<ElementwiseLowering<nn::GeluGradOp>>(
      ctx, [](OpBuilder &b, Location l, ValueRange a) -> Value {
        // g·(Φ(x) + x·φ(x)).
        Type t = a[0].getType();
        Value x = a[0];
        Value erf = math::ErfOp::create(
            b, l, arith::MulFOp::create(b, l, x, floatConst(b, l, t, M_SQRT1_2)));
        Value cdf = arith::MulFOp::create(
            b, l, floatConst(b, l, t, 0.5),
            arith::AddFOp::create(b, l, floatConst(b, l, t, 1.0), erf));
        Value x2 = arith::MulFOp::create(b, l, x, x);
        Value gauss = math::ExpOp::create(
            b, l, arith::MulFOp::create(b, l, floatConst(b, l, t, -0.5), x2));
        // 1/√(2π) = ½ · (2/√π) · (1/√2).
        Value pdf = arith::MulFOp::create(
            b, l, gauss, floatConst(b, l, t, 0.5 * M_2_SQRTPI * M_SQRT1_2));
        Value slope = arith::AddFOp::create(
            b, l, cdf, arith::MulFOp::create(b, l, x, pdf));
        return arith::MulFOp::create(b, l, a[1], slope);
      });
  patterns.add<ReduceSumLowering, BroadcastLikeLowering,
               Conv2DGradInputLowering, Conv2DGradFilterLowering,
               MaxPool2DGradLowering, AvgPool2DGradLowering, SliceGradLowering,
               EmbeddingGradLowering, MseGradLowering,
               CrossEntropyGradLowering>(ctx);
}
