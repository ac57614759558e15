//===- KernelForms.cpp - linalg forms that runtime kernels implement ------===//
#include "pcc/Conversion/KernelForms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AffineExpr.h"

using namespace mlir;

namespace pcc {

namespace {

using Iter = utils::IteratorType;

// Loop positions of the two forms.
namespace filter {
enum { f, c, kh, kw, n, oh, ow };
} // namespace filter
namespace input {
enum { n, c, f, oh, ow, kh, kw };
} // namespace input

} // namespace

SmallVector<AffineMap, 3> convGradMaps(MLIRContext *ctx, ConvGradKind kind,
                                       ArrayRef<int64_t> s,
                                       ArrayRef<int64_t> d) {
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(7, 0, exprs, ctx);
  };
  if (kind == ConvGradKind::Filter) {
    using namespace filter;
    return {map({dim(n), dim(f), dim(oh), dim(ow)}),
            map({dim(n), dim(c), dim(oh) * s[0] + dim(kh) * d[0],
                 dim(ow) * s[1] + dim(kw) * d[1]}),
            map({dim(f), dim(c), dim(kh), dim(kw)})};
  }
  using namespace input;
  return {map({dim(n), dim(f), dim(oh), dim(ow)}),
          map({dim(f), dim(c), dim(kh), dim(kw)}),
          map({dim(n), dim(c), dim(oh) * s[0] + dim(kh) * d[0],
               dim(ow) * s[1] + dim(kw) * d[1]})};
}

SmallVector<Iter> convGradIterators(ConvGradKind kind) {
  SmallVector<Iter> iters(7, Iter::reduction);
  int parallel = kind == ConvGradKind::Filter ? 4 : 2;
  for (int i = 0; i < parallel; ++i)
    iters[i] = Iter::parallel;
  return iters;
}

linalg::GenericOp buildConvGrad(OpBuilder &b, Location loc, ConvGradKind kind,
                                Value grad, Value other, Value init,
                                ArrayRef<int64_t> stride,
                                ArrayRef<int64_t> dilation) {
  SmallVector<Type, 1> results;
  if (isa<RankedTensorType>(init.getType()))
    results.push_back(init.getType());
  return linalg::GenericOp::create(
      b, loc, results, ValueRange{grad, other}, ValueRange{init},
      convGradMaps(b.getContext(), kind, stride, dilation),
      convGradIterators(kind),
      [](OpBuilder &nb, Location l, ValueRange a) {
        Value prod = arith::MulFOp::create(nb, l, a[0], a[1]);
        linalg::YieldOp::create(nb, l,
                                arith::AddFOp::create(nb, l, a[2], prod)
                                    .getResult());
      });
}

namespace {

/// Whether the body is `yield(acc + a·b)` over the block arguments (in any
/// operand order), without fast-math flags that would change the result.
bool isMultiplyAccumulate(Block &body) {
  if (body.getNumArguments() != 3 || body.getOperations().size() != 3)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return false;
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body.getArgument(2);
  Value other = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  if (add.getLhs() != acc && add.getRhs() != acc)
    return false;
  auto mul = other.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) ||
         (mul.getLhs() == b && mul.getRhs() == a);
}

/// Result `r` of `map` evaluated at the unit vector of loop `loop`.
std::optional<int64_t> coefficient(AffineMap map, unsigned r, unsigned loop) {
  SmallVector<int64_t> point(map.getNumDims(), 0);
  point[loop] = 1;
  SmallVector<int64_t> values = map.compose(point);
  if (r >= values.size())
    return std::nullopt;
  return values[r];
}

bool sameMap(AffineMap a, AffineMap b) {
  if (a.getNumDims() != b.getNumDims() || a.getNumSymbols() != 0 ||
      b.getNumSymbols() != 0 || a.getNumResults() != b.getNumResults())
    return false;
  for (unsigned r = 0; r < a.getNumResults(); ++r) {
    AffineExpr diff = simplifyAffineExpr(a.getResult(r) - b.getResult(r),
                                         a.getNumDims(), 0);
    auto c = dyn_cast<AffineConstantExpr>(diff);
    if (!c || c.getValue() != 0)
      return false;
  }
  return true;
}

} // namespace

std::optional<ConvGradForm> matchConvGrad(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 7)
    return std::nullopt;
  for (Value v : op->getOperands()) {
    auto t = dyn_cast<ShapedType>(v.getType());
    if (!t || !t.hasRank() || t.getRank() != 4)
      return std::nullopt;
  }
  if (!isMultiplyAccumulate(*op.getBlock()))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<Iter> iters = op.getIteratorTypesArray();
  for (ConvGradKind kind : {ConvGradKind::Filter, ConvGradKind::Input}) {
    if (iters != convGradIterators(kind))
      continue;
    // The windowed operand: x (filter form) or the result (input form).
    unsigned windowed = kind == ConvGradKind::Filter ? 1 : 2;
    unsigned ohLoop = kind == ConvGradKind::Filter ? filter::oh : input::oh;
    unsigned owLoop = kind == ConvGradKind::Filter ? filter::ow : input::ow;
    unsigned khLoop = kind == ConvGradKind::Filter ? filter::kh : input::kh;
    unsigned kwLoop = kind == ConvGradKind::Filter ? filter::kw : input::kw;
    AffineMap w = maps[windowed];
    auto sH = coefficient(w, 2, ohLoop), sW = coefficient(w, 3, owLoop);
    auto dH = coefficient(w, 2, khLoop), dW = coefficient(w, 3, kwLoop);
    if (!sH || !sW || !dH || !dW || *sH < 1 || *sW < 1 || *dH < 1 ||
        *dW < 1)
      continue;
    int64_t s[2] = {*sH, *sW}, d[2] = {*dH, *dW};
    SmallVector<AffineMap, 3> expected =
        convGradMaps(op.getContext(), kind, s, d);
    if (!llvm::all_of(llvm::seq<unsigned>(0, 3), [&](unsigned i) {
          return sameMap(maps[i], expected[i]);
        }))
      continue;
    return ConvGradForm{kind, {s[0], s[1]}, {d[0], d[1]}};
  }
  return std::nullopt;
}

} // namespace pcc
