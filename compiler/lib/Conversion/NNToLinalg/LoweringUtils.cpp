//===- LoweringUtils.cpp - helpers for the nn -> linalg lowering ----------===//
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <limits>

using namespace mlir;

namespace pcc::lowering {

Value floatConst(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

OpFoldResult dimOf(OpBuilder &b, Location loc, Value tensor, int64_t dim) {
  auto t = cast<RankedTensorType>(tensor.getType());
  if (!t.isDynamicDim(dim))
    return b.getIndexAttr(t.getDimSize(dim));
  return tensor::DimOp::create(b, loc, tensor, dim).getResult();
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  const std::function<Value(int64_t)> &dynamicSize) {
  SmallVector<Value> dyn;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dyn.push_back(dynamicSize(d));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dyn);
}

Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type, Value like,
                ArrayRef<int64_t> dims) {
  return emptyTensor(b, loc, type, [&](int64_t d) -> Value {
    return tensor::DimOp::create(b, loc, like, dims[d]);
  });
}

Value filledLike(OpBuilder &b, Location loc, RankedTensorType type, Value like,
                 ArrayRef<int64_t> dims, double value) {
  Value empty = emptyLike(b, loc, type, like, dims);
  Value c = floatConst(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, ValueRange{c}, ValueRange{empty})
      .getResult(0);
}

AffineMap broadcastMap(MLIRContext *ctx, RankedTensorType t,
                       RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  int64_t lead = rank - t.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t j = 0; j < t.getRank(); ++j) {
    bool stretched =
        t.getDimSize(j) == 1 && resultType.getDimSize(j + lead) != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(j + lead, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, const BodyFn &body) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(
        broadcastMap(ctx, cast<RankedTensorType>(in.getType()), resultType));
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  // A dynamic result dimension always comes from an input dimension that is
  // dynamic too (broadcasting never creates one from static sizes).
  Value init = emptyTensor(b, loc, resultType, [&](int64_t d) -> Value {
    for (Value in : inputs) {
      auto t = cast<RankedTensorType>(in.getType());
      int64_t j = d - (rank - t.getRank());
      if (j >= 0 && t.isDynamicDim(j))
        return tensor::DimOp::create(b, loc, in, j);
    }
    llvm_unreachable("dynamic result dimension without a dynamic source");
  });
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

AffineMap dropAxesMap(MLIRContext *ctx, int64_t rank, ArrayRef<int64_t> axes) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, double init,
                     const BodyFn &combine) {
  MLIRContext *ctx = b.getContext();
  auto t = cast<RankedTensorType>(input.getType());
  int64_t rank = t.getRank();
  SmallVector<int64_t> keptShape, keptDims;
  SmallVector<utils::IteratorType> iters;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    iters.push_back(reduced ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
    if (!reduced) {
      keptShape.push_back(t.getDimSize(d));
      keptDims.push_back(d);
    }
  }
  auto resultType = RankedTensorType::get(keptShape, t.getElementType());
  Value acc = filledLike(b, loc, resultType, input, keptDims, init);
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx),
                                 dropAxesMap(ctx, rank, axes)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{input}, ValueRange{acc}, maps,
      iters, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc,
                                combine(nb, nloc, {args[1], args[0]}));
      });
  return generic.getResult(0);
}

Value dimAsFloat(OpBuilder &b, Location loc, Value tensor,
                 ArrayRef<int64_t> dims, Type floatType) {
  auto t = cast<RankedTensorType>(tensor.getType());
  int64_t staticPart = 1;
  Value dynamicPart;
  for (int64_t d : dims) {
    if (!t.isDynamicDim(d)) {
      staticPart *= t.getDimSize(d);
      continue;
    }
    Value dim = tensor::DimOp::create(b, loc, tensor, d);
    dynamicPart =
        dynamicPart ? arith::MulIOp::create(b, loc, dynamicPart, dim) : dim;
  }
  Value result = floatConst(b, loc, floatType, (double)staticPart);
  if (dynamicPart) {
    Value i64 =
        arith::IndexCastOp::create(b, loc, b.getI64Type(), dynamicPart);
    Value f = arith::SIToFPOp::create(b, loc, floatType, i64);
    result = arith::MulFOp::create(b, loc, result, f);
  }
  return result;
}

Value buildReshape(OpBuilder &b, Location loc, Value input,
                   RankedTensorType resultType) {
  auto inType = cast<RankedTensorType>(input.getType());
  if (inType == resultType)
    return input;
  // Rank 0 <-> all-ones shapes need no flat intermediate.
  if (inType.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, resultType, input,
                                         ArrayRef<ReassociationIndices>{});
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                           ArrayRef<ReassociationIndices>{});
  ReassociationIndices all;
  for (int64_t d = 0; d < inType.getRank(); ++d)
    all.push_back(d);
  int64_t total = inType.hasStaticShape() ? inType.getNumElements()
                                          : ShapedType::kDynamic;
  auto flatType = RankedTensorType::get({total}, inType.getElementType());
  Value flat = inType.getRank() == 1
                   ? input
                   : tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                                     ArrayRef{all})
                         .getResult();
  if (resultType.getRank() == 1)
    return flat;
  ReassociationIndices outAll;
  int64_t staticProduct = 1;
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    outAll.push_back(d);
    if (!resultType.isDynamicDim(d))
      staticProduct *= resultType.getDimSize(d);
  }
  SmallVector<OpFoldResult> outputShape;
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    if (!resultType.isDynamicDim(d)) {
      outputShape.push_back(b.getIndexAttr(resultType.getDimSize(d)));
      continue;
    }
    Value n = tensor::DimOp::create(b, loc, flat, 0);
    Value s = arith::ConstantIndexOp::create(b, loc, staticProduct);
    outputShape.push_back(arith::DivUIOp::create(b, loc, n, s).getResult());
  }
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat,
                                       ArrayRef{outAll}, outputShape);
}

Value padSpatial(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pad,
                 double value) {
  if (pad[0] == 0 && pad[1] == 0)
    return x;
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(t.getShape());
  for (int i = 0; i < 2; ++i)
    if (!t.isDynamicDim(2 + i))
      shape[2 + i] += 2 * pad[i];
  auto pt = RankedTensorType::get(shape, t.getElementType());
  SmallVector<OpFoldResult> lo = {b.getIndexAttr(0), b.getIndexAttr(0),
                                  b.getIndexAttr(pad[0]),
                                  b.getIndexAttr(pad[1])};
  Value v = floatConst(b, loc, t.getElementType(), value);
  return tensor::PadOp::create(b, loc, pt, x, lo, lo, v);
}

std::pair<Value, Value> buildMaxAndSumExp(OpBuilder &b, Location loc, Value x,
                                          int64_t axis) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  MLIRContext *ctx = b.getContext();
  Value max = buildReduction(
      b, loc, x, {axis}, -std::numeric_limits<double>::infinity(),
      [](OpBuilder &nb, Location l, ValueRange a) -> Value {
        return arith::MaximumFOp::create(nb, l, a[0], a[1]);
      });
  auto keptType = cast<RankedTensorType>(max.getType());
  SmallVector<int64_t> keptDims;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      keptDims.push_back(d);
  Value zero = filledLike(b, loc, keptType, x, keptDims, 0.0);
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap drop = dropAxesMap(ctx, rank, {axis});
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  iters[axis] = utils::IteratorType::reduction;
  Value sum = linalg::GenericOp::create(
                  b, loc, TypeRange{keptType}, ValueRange{x, max},
                  ValueRange{zero}, ArrayRef<AffineMap>{id, drop, drop}, iters,
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    Value e = math::ExpOp::create(
                        nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                    linalg::YieldOp::create(
                        nb, l, arith::AddFOp::create(nb, l, a[2], e).getResult());
                  })
                  .getResult(0);
  return {max, sum};
}

Value clampedIndex(OpBuilder &b, Location loc, Value id, int64_t n) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), id);
  Value lo = arith::ConstantIndexOp::create(b, loc, 0);
  Value hi = arith::ConstantIndexOp::create(b, loc, n - 1);
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, i, lo),
                                hi);
}

} // namespace pcc::lowering
