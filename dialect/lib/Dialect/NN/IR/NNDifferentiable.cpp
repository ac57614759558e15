//===- NNDifferentiable.cpp - derivative rules of the nn ops ---------------===//
//
// Every nn op's vector-Jacobian products, attached to the ops as external
// models of DifferentiableOpInterface. All rules live in this one file and
// are written in the nn dialect itself (plus the gradient ops such as
// nn.conv2d_grad_input), so that a differentiated program is as readable as
// the model and is lowered by the same patterns.
//
// Each rule reads its operands from the explicit `operands` list, never from
// the op, so it can be emitted at any point of evaluation.
//
//===----------------------------------------------------------------------===//
#include "pcc/Dialect/NN/IR/NN.h"
#include "pcc/Interfaces/DifferentiableOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace pcc;
using namespace pcc::nn;

namespace {

/// Everything a rule needs: where to build, which operand, at which values.
struct VJPArgs {
  OpBuilder &b;
  Location loc;
  unsigned index;
  ValueRange operands;
  Value result;
  Value cot;

  Value operand(unsigned i) const { return operands[i]; }
  RankedTensorType typeOf(unsigned i) const {
    return cast<RankedTensorType>(operands[i].getType());
  }
  Type elementType() const { return typeOf(index).getElementType(); }
};

RankedTensorType tensorTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// A rank-0 constant of the given element type.
Value scalarConst(OpBuilder &b, Location loc, Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  return arith::ConstantOp::create(
      b, loc, type,
      DenseElementsAttr::get(type, FloatAttr::get(elementType, value)));
}

/// `v` with the type `type`, through tensor.cast where only static
/// information differs.
Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

Value reduceSum(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> axes,
                bool keepDims) {
  return ReduceSumOp::create(b, loc, v, b.getDenseI64ArrayAttr(axes),
                             b.getBoolAttr(keepDims));
}

/// Sums a cotangent of a broadcast result back to the shape of the operand
/// that was broadcast (the adjoint of NumPy broadcasting).
Value unbroadcast(OpBuilder &b, Location loc, Value g, RankedTensorType to) {
  auto gt = tensorTypeOf(g);
  Value v = g;
  int64_t extra = gt.getRank() - to.getRank();
  if (extra > 0)
    v = reduceSum(b, loc, v,
                  llvm::to_vector(llvm::seq<int64_t>(0, extra)), false);
  auto vt = tensorTypeOf(v);
  SmallVector<int64_t> stretched;
  for (int64_t d = 0; d < to.getRank(); ++d)
    if (to.getDimSize(d) == 1 && vt.getDimSize(d) != 1)
      stretched.push_back(d);
  if (!stretched.empty())
    v = reduceSum(b, loc, v, stretched, true);
  return castTo(b, loc, v, to);
}

/// A value as a matrix: [K] -> [1, K], [..., K] -> [prod, K].
Value asMatrix(OpBuilder &b, Location loc, Value v) {
  auto t = tensorTypeOf(v);
  if (t.getRank() == 2)
    return v;
  if (t.getRank() == 1)
    return ReshapeOp::create(
        b, loc, RankedTensorType::get({1, t.getDimSize(0)}, t.getElementType()),
        v);
  return FlattenOp::create(b, loc, v, b.getI64IntegerAttr(t.getRank() - 1));
}

/// Swaps the last two dimensions of a rank-2 or rank-3 tensor.
Value transposeLast2(OpBuilder &b, Location loc, Value v) {
  int64_t rank = tensorTypeOf(v).getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return TransposeOp::create(b, loc, v, b.getDenseI64ArrayAttr(perm));
}

/// A reshape between two types is expressible when both are static or each
/// has exactly one dynamic dimension (the nn.reshape rule).
bool reshapeExpressible(RankedTensorType a, RankedTensorType c) {
  auto dyn = [](RankedTensorType t) {
    return llvm::count_if(t.getShape(), ShapedType::isDynamic);
  };
  return (dyn(a) == 0 && dyn(c) == 0) || (dyn(a) == 1 && dyn(c) == 1);
}

FailureOr<Value> reshapeBack(Operation *op, const VJPArgs &a) {
  RankedTensorType to = a.typeOf(a.index);
  if (!reshapeExpressible(tensorTypeOf(a.cot), to))
    return op->emitOpError("cannot be differentiated: reshaping the gradient ")
           << a.cot.getType() << " back to " << to
           << " needs at most one dynamic dimension on each side";
  return Value(ReshapeOp::create(a.b, a.loc, to, a.cot));
}

//===----------------------------------------------------------------------===//
// The rules, one overload per op
//===----------------------------------------------------------------------===//

FailureOr<Value> vjp(DenseOp op, const VJPArgs &a) {
  OpBuilder &b = a.b;
  Location loc = a.loc;
  Value x = a.operand(0), w = a.operand(1);
  switch (a.index) {
  case 0: // dx = g · Wᵀ, with the leading dimensions of g kept
    return castTo(b, loc,
                  DenseOp::create(b, loc, a.cot, transposeLast2(b, loc, w),
                                  Value()),
                  x.getType());
  case 1: { // dW = xᵀ · g over every leading position
    Value xm = asMatrix(b, loc, x), gm = asMatrix(b, loc, a.cot);
    Value m = MatmulOp::create(b, loc, transposeLast2(b, loc, xm), gm);
    return castTo(b, loc, m, w.getType());
  }
  default: { // db = Σ g over leading dimensions
    int64_t rank = tensorTypeOf(a.cot).getRank();
    Value s = reduceSum(b, loc, a.cot,
                        llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)),
                        false);
    return castTo(b, loc, s, a.typeOf(2));
  }
  }
}

FailureOr<Value> vjp(MatmulOp, const VJPArgs &a) {
  OpBuilder &b = a.b;
  Value lhs = a.operand(0), rhs = a.operand(1);
  Value m = a.index == 0
                ? Value(MatmulOp::create(b, a.loc, a.cot,
                                         transposeLast2(b, a.loc, rhs)))
                : Value(MatmulOp::create(b, a.loc,
                                         transposeLast2(b, a.loc, lhs), a.cot));
  return castTo(b, a.loc, m, a.typeOf(a.index));
}

FailureOr<Value> vjp(AddOp, const VJPArgs &a) {
  return unbroadcast(a.b, a.loc, a.cot, a.typeOf(a.index));
}

FailureOr<Value> vjp(SubOp, const VJPArgs &a) {
  Value g = a.index == 0 ? a.cot : Value(NegOp::create(a.b, a.loc, a.cot));
  return unbroadcast(a.b, a.loc, g, a.typeOf(a.index));
}

FailureOr<Value> vjp(MulOp, const VJPArgs &a) {
  Value g = MulOp::create(a.b, a.loc, a.cot, a.operand(1 - a.index));
  return unbroadcast(a.b, a.loc, g, a.typeOf(a.index));
}

FailureOr<Value> vjp(DivOp, const VJPArgs &a) {
  OpBuilder &b = a.b;
  Value rhs = a.operand(1);
  Value g;
  if (a.index == 0) // d(l/r)/dl = 1/r
    g = DivOp::create(b, a.loc, a.cot, rhs);
  else // d(l/r)/dr = -(l/r)/r
    g = NegOp::create(b, a.loc,
                      DivOp::create(b, a.loc,
                                    MulOp::create(b, a.loc, a.cot, a.result),
                                    rhs));
  return unbroadcast(b, a.loc, g, a.typeOf(a.index));
}

FailureOr<Value> vjp(ReluOp, const VJPArgs &a) {
  return Value(ReluGradOp::create(a.b, a.loc, a.operand(0), a.cot));
}

FailureOr<Value> vjp(GeluOp, const VJPArgs &a) {
  return Value(GeluGradOp::create(a.b, a.loc, a.operand(0), a.cot));
}

FailureOr<Value> vjp(TanhOp, const VJPArgs &a) { // g·(1 - y²)
  Value yy = MulOp::create(a.b, a.loc, a.result, a.result);
  return Value(SubOp::create(a.b, a.loc, a.cot,
                             MulOp::create(a.b, a.loc, a.cot, yy)));
}

FailureOr<Value> vjp(SigmoidOp, const VJPArgs &a) { // g·y·(1 - y)
  Value one = scalarConst(a.b, a.loc, a.elementType(), 1.0);
  Value d = MulOp::create(a.b, a.loc, a.result,
                          SubOp::create(a.b, a.loc, one, a.result));
  return Value(MulOp::create(a.b, a.loc, a.cot, d));
}

FailureOr<Value> vjp(ExpOp, const VJPArgs &a) {
  return Value(MulOp::create(a.b, a.loc, a.cot, a.result));
}

FailureOr<Value> vjp(LogOp, const VJPArgs &a) {
  return Value(DivOp::create(a.b, a.loc, a.cot, a.operand(0)));
}

FailureOr<Value> vjp(NegOp, const VJPArgs &a) {
  return Value(NegOp::create(a.b, a.loc, a.cot));
}

FailureOr<Value> vjp(SqrtOp, const VJPArgs &a) { // g / (2·y)
  return Value(DivOp::create(a.b, a.loc, a.cot,
                             AddOp::create(a.b, a.loc, a.result, a.result)));
}

FailureOr<Value> vjp(SinOp, const VJPArgs &a) {
  return Value(MulOp::create(a.b, a.loc, a.cot,
                             CosOp::create(a.b, a.loc, a.operand(0))));
}

FailureOr<Value> vjp(CosOp, const VJPArgs &a) {
  return Value(NegOp::create(
      a.b, a.loc,
      MulOp::create(a.b, a.loc, a.cot, SinOp::create(a.b, a.loc, a.operand(0)))));
}

FailureOr<Value> vjp(TanOp, const VJPArgs &a) { // g·(1 + y²)
  Value yy = MulOp::create(a.b, a.loc, a.result, a.result);
  return Value(AddOp::create(a.b, a.loc, a.cot,
                             MulOp::create(a.b, a.loc, a.cot, yy)));
}

FailureOr<Value> vjp(SoftmaxOp op, const VJPArgs &a) { // y·(g - Σ g·y)
  Value gy = MulOp::create(a.b, a.loc, a.cot, a.result);
  Value s = reduceSum(a.b, a.loc, gy, {op.getNormalizedAxis()}, true);
  return Value(MulOp::create(a.b, a.loc, a.result,
                             SubOp::create(a.b, a.loc, a.cot, s)));
}

FailureOr<Value> vjp(LayerNormOp op, const VJPArgs &a) {
  OpBuilder &b = a.b;
  Location loc = a.loc;
  Value x = a.operand(0), gamma = a.operand(1);
  auto xt = tensorTypeOf(x);
  int64_t last = xt.getRank() - 1;
  int64_t d = xt.getDimSize(last);
  if (ShapedType::isDynamic(d))
    return op.emitOpError("cannot be differentiated: the normalised "
                          "dimension of ")
           << xt << " must be static";
  Type et = xt.getElementType();
  Value invD = scalarConst(b, loc, et, 1.0 / double(d));
  auto meanLast = [&](Value v) -> Value {
    return MulOp::create(b, loc, reduceSum(b, loc, v, {last}, true), invD);
  };
  if (a.index == 2)
    return unbroadcast(b, loc, a.cot, a.typeOf(2));
  Value xc = SubOp::create(b, loc, x, meanLast(x));
  Value var = meanLast(MulOp::create(b, loc, xc, xc));
  Value eps = scalarConst(b, loc, et, op.getEpsilon().convertToDouble());
  Value rstd = DivOp::create(b, loc, scalarConst(b, loc, et, 1.0),
                             SqrtOp::create(b, loc, AddOp::create(b, loc, var, eps)));
  Value xhat = MulOp::create(b, loc, xc, rstd);
  if (a.index == 1)
    return unbroadcast(b, loc, MulOp::create(b, loc, a.cot, xhat), a.typeOf(1));
  // dx = rstd · (ĝ - mean(ĝ) - x̂ · mean(ĝ·x̂)),  ĝ = g·γ
  Value gh = MulOp::create(b, loc, a.cot, gamma);
  Value m1 = meanLast(gh);
  Value m2 = meanLast(MulOp::create(b, loc, gh, xhat));
  Value inner = SubOp::create(b, loc, SubOp::create(b, loc, gh, m1),
                              MulOp::create(b, loc, xhat, m2));
  return castTo(b, loc, MulOp::create(b, loc, rstd, inner), x.getType());
}

FailureOr<Value> vjp(Conv2DOp op, const VJPArgs &a) {
  OpBuilder &b = a.b;
  switch (a.index) {
  case 0:
    return Value(Conv2DGradInputOp::create(
        b, a.loc, a.typeOf(0), a.cot, a.operand(1), op.getStrideAttr(),
        op.getPaddingAttr(), op.getDilationAttr()));
  case 1:
    return Value(Conv2DGradFilterOp::create(
        b, a.loc, a.typeOf(1), a.operand(0), a.cot, op.getStrideAttr(),
        op.getPaddingAttr(), op.getDilationAttr()));
  default:
    return castTo(b, a.loc, reduceSum(b, a.loc, a.cot, {0, 2, 3}, false),
                  a.typeOf(2));
  }
}

FailureOr<Value> vjp(MaxPool2DOp op, const VJPArgs &a) {
  return Value(MaxPool2DGradOp::create(a.b, a.loc, a.operand(0), a.cot,
                                       op.getKernelAttr(), op.getStrideAttr(),
                                       op.getPaddingAttr()));
}

FailureOr<Value> vjp(AvgPool2DOp op, const VJPArgs &a) {
  return Value(AvgPool2DGradOp::create(a.b, a.loc, a.typeOf(0), a.cot,
                                       op.getKernelAttr(), op.getStrideAttr(),
                                       op.getPaddingAttr()));
}

FailureOr<Value> vjp(ReshapeOp op, const VJPArgs &a) {
  return reshapeBack(op, a);
}

FailureOr<Value> vjp(FlattenOp op, const VJPArgs &a) {
  return reshapeBack(op, a);
}

FailureOr<Value> vjp(TransposeOp op, const VJPArgs &a) {
  ArrayRef<int64_t> perm = op.getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = int64_t(i);
  return Value(TransposeOp::create(a.b, a.loc, a.cot,
                                   a.b.getDenseI64ArrayAttr(inverse)));
}

FailureOr<Value> vjp(ConcatOp op, const VJPArgs &a) {
  int64_t axis = op.getNormalizedAxis();
  int64_t offset = 0;
  for (unsigned i = 0; i <= a.index; ++i) {
    int64_t size = a.typeOf(i).getDimSize(axis);
    if (ShapedType::isDynamic(size))
      return op.emitOpError("cannot be differentiated: operand #")
             << i << " has a dynamic size along the concatenation axis";
    if (i < a.index)
      offset += size;
  }
  RankedTensorType t = a.typeOf(a.index);
  SmallVector<int64_t> offsets(t.getRank(), 0), sizes, strides(t.getRank(), 1);
  for (int64_t d = 0; d < t.getRank(); ++d)
    sizes.push_back(t.isDynamicDim(d) ? -1 : t.getDimSize(d));
  offsets[axis] = offset;
  return Value(SliceOp::create(a.b, a.loc, a.cot,
                               a.b.getDenseI64ArrayAttr(offsets),
                               a.b.getDenseI64ArrayAttr(sizes),
                               a.b.getDenseI64ArrayAttr(strides)));
}

FailureOr<Value> vjp(SliceOp op, const VJPArgs &a) {
  return Value(SliceGradOp::create(a.b, a.loc, a.cot, a.operand(0),
                                   op.getOffsetsAttr(), op.getSizesAttr(),
                                   op.getStridesAttr()));
}

FailureOr<Value> vjp(EmbeddingOp, const VJPArgs &a) {
  return Value(EmbeddingGradOp::create(a.b, a.loc, a.typeOf(1), a.operand(0),
                                       a.cot));
}

FailureOr<Value> vjp(ReduceSumOp op, const VJPArgs &a) {
  SmallVector<int64_t> axes =
      op.getKeepDims() ? SmallVector<int64_t>() : op.getNormalizedAxes();
  return Value(BroadcastLikeOp::create(a.b, a.loc, a.cot, a.operand(0),
                                       a.b.getDenseI64ArrayAttr(axes)));
}

FailureOr<Value> vjp(BroadcastLikeOp op, const VJPArgs &a) {
  ArrayRef<int64_t> axes = op.getAxes();
  if (axes.empty())
    return unbroadcast(a.b, a.loc, a.cot, a.typeOf(0));
  return castTo(a.b, a.loc, reduceSum(a.b, a.loc, a.cot, axes, false),
                a.typeOf(0));
}

FailureOr<Value> vjp(MseOp, const VJPArgs &a) {
  Value g = MseGradOp::create(a.b, a.loc, a.operand(0), a.operand(1), a.cot);
  return a.index == 0 ? g : Value(NegOp::create(a.b, a.loc, g));
}

FailureOr<Value> vjp(CrossEntropyOp, const VJPArgs &a) {
  return Value(CrossEntropyGradOp::create(a.b, a.loc, a.operand(0),
                                          a.operand(1), a.cot));
}

//===----------------------------------------------------------------------===//
// External models
//===----------------------------------------------------------------------===//

/// Dispatches buildVJP to the rule of OpTy above.
template <typename Model, typename OpTy>
struct VJPModel : DifferentiableOpInterface::ExternalModel<Model, OpTy> {
  FailureOr<Value> buildVJP(Operation *op, OpBuilder &b, unsigned index,
                            ValueRange operands, Value result,
                            Value cotangent) const {
    return vjp(cast<OpTy>(op),
               VJPArgs{b, op->getLoc(), index, operands, result, cotangent});
  }
};

template <typename OpTy>
struct DiffModel : VJPModel<DiffModel<OpTy>, OpTy> {};

/// `nn.broadcast_like` only reads the shape of its second operand.
struct BroadcastLikeModel : VJPModel<BroadcastLikeModel, BroadcastLikeOp> {
  bool isOperandDifferentiable(Operation *, unsigned index) const {
    return index == 0;
  }
};

/// Losses: the output error is -VJP(prediction, 1).
template <typename OpTy>
struct LossModel : VJPModel<LossModel<OpTy>, OpTy> {
  bool isLoss(Operation *) const { return true; }
  FailureOr<Value> buildOutputError(Operation *op, OpBuilder &b,
                                    unsigned index, ValueRange operands) const {
    Location loc = op->getLoc();
    Type et = cast<RankedTensorType>(op->getResult(0).getType())
                  .getElementType();
    Value one = scalarConst(b, loc, et, 1.0);
    auto iface = cast<DifferentiableOpInterface>(op);
    Value loss = iface.buildLoss(b, operands);
    FailureOr<Value> g = iface.buildVJP(b, index, operands, loss, one);
    if (failed(g))
      return failure();
    return Value(NegOp::create(b, loc, *g));
  }
};

template <typename... Ops>
void attachDiff(MLIRContext *ctx) {
  (Ops::template attachInterface<DiffModel<Ops>>(*ctx), ...);
}

} // namespace

void pcc::nn::attachDifferentiableOpInterface(MLIRContext *ctx) {
  attachDiff<DenseOp, MatmulOp, AddOp, SubOp, MulOp, DivOp, ReluOp, GeluOp,
             TanhOp, SigmoidOp, ExpOp, LogOp, NegOp, SqrtOp, SinOp, CosOp,
             TanOp, SoftmaxOp, LayerNormOp, Conv2DOp, MaxPool2DOp, AvgPool2DOp,
             ReshapeOp, FlattenOp, TransposeOp, ConcatOp, SliceOp, EmbeddingOp,
             ReduceSumOp>(ctx);
  BroadcastLikeOp::attachInterface<BroadcastLikeModel>(*ctx);
  MseOp::attachInterface<LossModel<MseOp>>(*ctx);
  CrossEntropyOp::attachInterface<LossModel<CrossEntropyOp>>(*ctx);
}
