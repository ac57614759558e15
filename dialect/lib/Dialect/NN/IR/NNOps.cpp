//===- NNOps.cpp - nn op verification and result type inference -----------===//
//
// Every shape rule of an op is checked in its result-type inference, so the
// same code serves builders (which need the result type) and the verifier
// (which compares it with the declared one). Diagnostics name the operand
// and print the expected and the actual shapes. The rules shared with the
// gradient ops (NNGradOps.cpp) are in NNCheck.cpp.
//
//===----------------------------------------------------------------------===//
#include "pcc/Dialect/NN/IR/NN.h"

#include "NNCheck.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace pcc::nn;
using namespace pcc::nn::check;

/// Initialiser arguments: nothing, or `(a, b, ...)` of number literals.
static ParseResult parseInitArgs(OpAsmParser &parser, DenseF64ArrayAttr &args) {
  if (failed(parser.parseOptionalLParen()))
    return success();
  SmallVector<double> values;
  if (parser.parseCommaSeparatedList([&]() -> ParseResult {
        // Integer and float literals are both numbers here: constant(1).
        SMLoc loc = parser.getCurrentLocation();
        Attribute attr;
        if (parser.parseAttribute(attr))
          return failure();
        if (auto f = dyn_cast<FloatAttr>(attr))
          values.push_back(f.getValueAsDouble());
        else if (auto i = dyn_cast<IntegerAttr>(attr))
          values.push_back(double(i.getValue().getSExtValue()));
        else
          return parser.emitError(loc, "expected a number but got ") << attr;
        return success();
      }) ||
      parser.parseRParen())
    return failure();
  args = parser.getBuilder().getDenseF64ArrayAttr(values);
  return success();
}

static void printInitArgs(OpAsmPrinter &printer, Operation *,
                          DenseF64ArrayAttr args) {
  if (!args || args.empty())
    return;
  printer << "(";
  llvm::interleaveComma(args.asArrayRef(), printer,
                        [&](double v) { printer << llvm::APFloat(v); });
  printer << ")";
}

#define GET_OP_CLASSES
#include "pcc/Dialect/NN/IR/NNOps.cpp.inc"


//===----------------------------------------------------------------------===//
// ParamOp
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> ParamOp::getFans() {
  ArrayRef<int64_t> s = getType().getShape();
  switch (s.size()) {
  case 0:
    return {1, 1};
  case 1:
    return {s[0], s[0]};
  case 2:
    return {s[0], s[1]};
  default: {
    // [F, C, K...]: every trailing dimension is a receptive-field dimension.
    int64_t field = 1;
    for (int64_t d : s.drop_front(2))
      field *= d;
    return {s[1] * field, s[0] * field};
  }
  }
}

LogicalResult ParamOp::verify() {
  if (getName().empty())
    return emitOpError("expects a non-empty parameter name");
  if (!getType().hasStaticShape())
    return emitOpError("expects a static shape for parameter '")
           << getName() << "' but got " << getType();
  ArrayRef<double> args;
  if (auto a = getArgs())
    args = *a;
  size_t minArgs = 0, maxArgs = 0;
  switch (getInit()) {
  case InitKind::zeros:
    break;
  case InitKind::constant:
    minArgs = maxArgs = 1;
    break;
  case InitKind::uniform:
  case InitKind::normal:
    minArgs = maxArgs = 2;
    break;
  default: // Glorot and He take an optional gain.
    maxArgs = 1;
    break;
  }
  if (args.size() < minArgs || args.size() > maxArgs)
    return emitOpError("initialiser '")
           << stringifyInitKind(getInit()) << "' expects "
           << (minArgs == maxArgs ? std::to_string(minArgs)
                                  : std::to_string(minArgs) + " or " +
                                        std::to_string(maxArgs))
           << " argument(s) but got " << args.size();
  if (getInit() == InitKind::uniform && !(args[0] < args[1]))
    return emitOpError("initialiser 'uniform' expects low < high but got [")
           << args[0] << ", " << args[1] << "]";
  if (getInit() == InitKind::normal && !(args[1] > 0))
    return emitOpError("initialiser 'normal' expects stddev > 0 but got ")
           << args[1];
  if (!args.empty() && !llvm::all_of(args, [](double a) {
        return std::isfinite(a);
      }))
    return emitOpError("expects finite initialiser arguments");
  auto [fanIn, fanOut] = getFans();
  bool needsFans = getInit() >= InitKind::glorot_uniform;
  if (needsFans && (fanIn <= 0 || fanOut <= 0))
    return emitOpError("initialiser '")
           << stringifyInitKind(getInit())
           << "' needs a non-empty shape to compute fans but got "
           << getType();
  // Names identify parameters in checkpoints: they must be unique.
  // Only the params before this one are looked at (the walk stops here),
  // so a function whose params come first verifies in linear time.
  if (Operation *scope = (*this)->getParentOp()) {
    ParamOp first;
    scope->walk([&](ParamOp other) {
      if (other == *this)
        return WalkResult::interrupt();
      if (other.getName() == getName()) {
        first = other;
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (first)
      return emitOpError("redefines parameter '")
             << getName() << "' (first defined at " << first.getLoc() << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor a,
                                        SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("input", a.getInput(), 1, INT64_MAX)) ||
      failed(c.rank("weight", a.getWeight(), 2, 2)) ||
      failed(c.sameElementType("input", a.getInput(), "weight",
                               a.getWeight())))
    return failure();
  auto in = cast<RankedTensorType>(a.getInput().getType());
  auto w = cast<RankedTensorType>(a.getWeight().getType());
  if (!dimsCompatible(in.getShape().back(), w.getDimSize(0)))
    return c.fail("expects weight of shape " +
                  shapeToString({in.getShape().back(), w.getDimSize(1)}) +
                  " to match input " + shapeToString(in.getShape()) +
                  " but got " + shapeToString(w.getShape()));
  if (Value b = a.getBias()) {
    auto bt = cast<RankedTensorType>(b.getType());
    if (failed(c.sameElementType("input", a.getInput(), "bias", b)))
      return failure();
    if (bt.getRank() != 1 || !dimsCompatible(bt.getDimSize(0), w.getDimSize(1)))
      return c.fail("expects bias of shape " +
                    shapeToString({w.getDimSize(1)}) + " but got " +
                    shapeToString(bt.getShape()));
  }
  SmallVector<int64_t> shape(in.getShape());
  shape.back() = w.getDimSize(1);
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("lhs", a.getLhs(), 2, 3)) ||
      failed(c.rank("rhs", a.getRhs(), 2, 3)) ||
      failed(c.sameElementType("lhs", a.getLhs(), "rhs", a.getRhs())))
    return failure();
  auto l = cast<RankedTensorType>(a.getLhs().getType());
  auto r = cast<RankedTensorType>(a.getRhs().getType());
  if (l.getRank() != r.getRank())
    return c.fail("expects lhs and rhs of equal rank but got " +
                  shapeToString(l.getShape()) + " and " +
                  shapeToString(r.getShape()));
  int64_t rank = l.getRank();
  if (rank == 3 && !dimsCompatible(l.getDimSize(0), r.getDimSize(0)))
    return c.fail("expects equal batch sizes but got " +
                  shapeToString(l.getShape()) + " and " +
                  shapeToString(r.getShape()));
  if (!dimsCompatible(l.getDimSize(rank - 1), r.getDimSize(rank - 2)))
    return c.fail("expects the contraction dimensions to agree but got " +
                  shapeToString(l.getShape()) + " and " +
                  shapeToString(r.getShape()));
  SmallVector<int64_t> shape;
  if (rank == 3)
    shape.push_back(ShapedType::isDynamic(l.getDimSize(0)) ? r.getDimSize(0)
                                                           : l.getDimSize(0));
  shape.push_back(l.getDimSize(rank - 2));
  shape.push_back(r.getDimSize(rank - 1));
  types.push_back(tensorOf(shape, a.getLhs()));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static LogicalResult inferBinary(StringRef name, std::optional<Location> loc,
                                 Value lhs, Value rhs,
                                 SmallVectorImpl<Type> &types) {
  Checker c{loc, name};
  if (failed(c.sameElementType("lhs", lhs, "rhs", rhs)))
    return failure();
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  auto shape = broadcastShapes(l.getShape(), r.getShape());
  if (!shape)
    return c.fail("cannot broadcast lhs of shape " +
                  shapeToString(l.getShape()) + " with rhs of shape " +
                  shapeToString(r.getShape()));
  types.push_back(tensorOf(*shape, lhs));
  return success();
}

#define PCC_BINARY_INFER(OP)                                                   \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc, Adaptor a,   \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBinary(getOperationName(), loc, a.getLhs(), a.getRhs(),        \
                       types);                                                 \
  }
PCC_BINARY_INFER(AddOp)
PCC_BINARY_INFER(SubOp)
PCC_BINARY_INFER(MulOp)
PCC_BINARY_INFER(DivOp)
#undef PCC_BINARY_INFER

//===----------------------------------------------------------------------===//
// Reductions and broadcasts
//===----------------------------------------------------------------------===//

SmallVector<int64_t> ReduceSumOp::getNormalizedAxes() {
  int64_t rank = getInput().getType().getRank();
  SmallVector<int64_t> axes;
  for (int64_t a : getAxes())
    axes.push_back(a < 0 ? a + rank : a);
  llvm::sort(axes);
  return axes;
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  auto in = cast<RankedTensorType>(a.getInput().getType());
  SmallVector<int64_t> axes;
  if (failed(normalizeAxes(c, "input", in.getShape(), a.getAxes(), axes)))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(in.getDimSize(d));
    else if (a.getKeepDims())
      shape.push_back(1);
  }
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

SmallVector<int64_t> BroadcastLikeOp::getNormalizedAxes() {
  int64_t rank = getLike().getType().getRank();
  SmallVector<int64_t> axes;
  for (int64_t a : getAxes())
    axes.push_back(a < 0 ? a + rank : a);
  llvm::sort(axes);
  return axes;
}

LogicalResult BroadcastLikeOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor a,
                                                SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.sameElementType("input", a.getInput(), "like", a.getLike())))
    return failure();
  auto in = cast<RankedTensorType>(a.getInput().getType());
  auto like = cast<RankedTensorType>(a.getLike().getType());
  if (a.getAxes().empty()) {
    // NumPy broadcasting, which may only stretch the input.
    auto shape = broadcastShapes(in.getShape(), like.getShape());
    if (!shape || !shapesCompatible(*shape, like.getShape()))
      return c.fail("cannot broadcast input of shape " +
                    shapeToString(in.getShape()) + " to like's shape " +
                    shapeToString(like.getShape()));
  } else {
    SmallVector<int64_t> axes;
    if (failed(normalizeAxes(c, "like", like.getShape(), a.getAxes(), axes)))
      return failure();
    SmallVector<int64_t> kept;
    for (int64_t d = 0; d < like.getRank(); ++d)
      if (!llvm::is_contained(axes, d))
        kept.push_back(like.getDimSize(d));
    if (!shapesCompatible(in.getShape(), kept))
      return c.fail("expects input of shape " + shapeToString(kept) +
                    " (like's shape " + shapeToString(like.getShape()) +
                    " without axes " + listToString(a.getAxes()) +
                    ") but got " + shapeToString(in.getShape()));
  }
  types.push_back(like);
  return success();
}


LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (rank == 0)
    return emitOpError("expects input of rank at least 1 but got ")
           << getInput().getType();
  if (getAxis() < -rank || getAxis() >= rank)
    return emitOpError("expects 'axis' in [")
           << -rank << ", " << rank << ") but got " << getAxis();
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("input", a.getInput(), 1, INT64_MAX)) ||
      failed(c.sameElementType("input", a.getInput(), "gamma", a.getGamma())) ||
      failed(c.sameElementType("input", a.getInput(), "beta", a.getBeta())))
    return failure();
  auto in = cast<RankedTensorType>(a.getInput().getType());
  int64_t d = in.getShape().back();
  for (auto [name, v] : {std::pair<StringRef, Value>{"gamma", a.getGamma()},
                         {"beta", a.getBeta()}}) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != 1 || !dimsCompatible(t.getDimSize(0), d))
      return c.fail("expects " + name + " of shape " + shapeToString({d}) +
                    " (the last dimension of input " +
                    shapeToString(in.getShape()) + ") but got " +
                    shapeToString(t.getShape()));
  }
  if (!(a.getEpsilon().convertToDouble() > 0))
    return c.fail("expects 'epsilon' > 0 but got " +
                  std::to_string(a.getEpsilon().convertToDouble()));
  types.push_back(in);
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("input", a.getInput(), 4, 4)) ||
      failed(c.rank("filter", a.getFilter(), 4, 4)) ||
      failed(c.sameElementType("input", a.getInput(), "filter",
                               a.getFilter())))
    return failure();
  auto in = cast<RankedTensorType>(a.getInput().getType());
  auto f = cast<RankedTensorType>(a.getFilter().getType());
  if (!dimsCompatible(in.getDimSize(1), f.getDimSize(1)))
    return c.fail("expects filter with " + std::to_string(in.getDimSize(1)) +
                  " input channels to match input " +
                  shapeToString(in.getShape()) + " (NCHW) but got filter " +
                  shapeToString(f.getShape()) + " (FCHW)");
  if (Value b = a.getBias()) {
    auto bt = cast<RankedTensorType>(b.getType());
    if (failed(c.sameElementType("input", a.getInput(), "bias", b)))
      return failure();
    if (bt.getRank() != 1 || !dimsCompatible(bt.getDimSize(0), f.getDimSize(0)))
      return c.fail("expects bias of shape " +
                    shapeToString({f.getDimSize(0)}) + " but got " +
                    shapeToString(bt.getShape()));
  }
  SmallVector<int64_t> shape;
  if (failed(conv2dOutputShape(c, "input", in, f, a.getStride(),
                               a.getPadding(), a.getDilation(), shape)))
    return failure();
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

template <typename AdaptorT>
static LogicalResult inferPool(StringRef name, std::optional<Location> loc,
                               AdaptorT a, SmallVectorImpl<Type> &types) {
  Checker c{loc, name};
  SmallVector<int64_t> shape;
  if (failed(c.rank("input", a.getInput(), 4, 4)) ||
      failed(pool2dOutputShape(
          c, "input", cast<RankedTensorType>(a.getInput().getType()),
          a.getKernel(), a.getStride(), a.getPadding(), shape)))
    return failure();
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(getOperationName(), loc, a, types);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(getOperationName(), loc, a, types);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType();
  auto out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("expects the result element type ")
           << in.getElementType() << " of the input but got " << out;
  auto staticProduct = [](RankedTensorType t, int &dynamic) {
    int64_t p = 1;
    dynamic = 0;
    for (int64_t d : t.getShape())
      ShapedType::isDynamic(d) ? ++dynamic : p *= d;
    return p;
  };
  int inDyn, outDyn;
  int64_t pin = staticProduct(in, inDyn), pout = staticProduct(out, outDyn);
  if (inDyn > 1 || outDyn > 1 || inDyn != outDyn)
    return emitOpError("expects both shapes static or both with exactly one "
                       "dynamic dimension but got ")
           << shapeToString(in.getShape()) << " -> "
           << shapeToString(out.getShape());
  if (inDyn && pin == 0)
    return emitOpError("cannot infer the dynamic dimension of a reshape whose "
                       "static dimensions have zero elements: ")
           << shapeToString(in.getShape()) << " -> "
           << shapeToString(out.getShape());
  if (pin != pout)
    return emitOpError("cannot reshape ")
           << shapeToString(in.getShape()) << " (" << pin
           << (inDyn ? "·? elements" : " elements") << ") to "
           << shapeToString(out.getShape()) << " (" << pout
           << (outDyn ? "·? elements)" : " elements)");
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor a,
                                          SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  auto in = cast<RankedTensorType>(a.getInput().getType());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis > in.getRank())
    return c.fail("expects 'axis' in [0, " + std::to_string(in.getRank()) +
                  "] but got " + std::to_string(axis));
  auto product = [](ArrayRef<int64_t> dims) {
    int64_t p = 1;
    for (int64_t d : dims) {
      if (ShapedType::isDynamic(d))
        return ShapedType::kDynamic;
      p *= d;
    }
    return p;
  };
  types.push_back(tensorOf({product(in.getShape().take_front(axis)),
                            product(in.getShape().drop_front(axis))},
                           a.getInput()));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  auto in = cast<RankedTensorType>(a.getInput().getType());
  ArrayRef<int64_t> perm = a.getPermutation();
  SmallVector<bool> seen(in.getRank(), false);
  bool ok = (int64_t)perm.size() == in.getRank();
  for (int64_t p : perm) {
    if (!ok || p < 0 || p >= in.getRank() || seen[p]) {
      ok = false;
      break;
    }
    seen[p] = true;
  }
  if (!ok)
    return c.fail("expects 'permutation' to be a permutation of [0, " +
                  std::to_string(in.getRank()) + ") for input " +
                  shapeToString(in.getShape()) + " but got " +
                  listToString(perm));
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(in.getDimSize(p));
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (a.getInputs().empty())
    return c.fail("expects at least one input");
  Value first = a.getInputs().front();
  auto ft = cast<RankedTensorType>(first.getType());
  int64_t rank = ft.getRank();
  if (rank == 0)
    return c.fail("expects inputs of rank at least 1 but got " +
                  Checker::typeStr(ft));
  int64_t axis = a.getAxis() < 0 ? a.getAxis() + rank : a.getAxis();
  if (axis < 0 || axis >= rank)
    return c.fail("expects 'axis' in [" + std::to_string(-rank) + ", " +
                  std::to_string(rank) + ") but got " +
                  std::to_string(a.getAxis()));
  SmallVector<int64_t> shape(ft.getShape());
  for (auto [i, v] : llvm::enumerate(a.getInputs().drop_front())) {
    std::string name = "input #" + std::to_string(i + 1);
    if (failed(c.sameElementType("input #0", first, name, v)))
      return failure();
    auto t = cast<RankedTensorType>(v.getType());
    bool ok = t.getRank() == rank;
    for (int64_t d = 0; ok && d < rank; ++d)
      if (d != axis && !dimsCompatible(t.getDimSize(d), shape[d]))
        ok = false;
    if (!ok)
      return c.fail("expects " + name + " to match " +
                    shapeToString(ft.getShape()) + " except along axis " +
                    std::to_string(axis) + " but got " +
                    shapeToString(t.getShape()));
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        shape[d] = ShapedType::isDynamic(shape[d]) ||
                           ShapedType::isDynamic(t.getDimSize(d))
                       ? ShapedType::kDynamic
                       : shape[d] + t.getDimSize(d);
      else if (ShapedType::isDynamic(shape[d]))
        shape[d] = t.getDimSize(d);
    }
  }
  types.push_back(tensorOf(shape, first));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor a,
                                        SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  SmallVector<int64_t> shape;
  if (failed(sliceShape(c, "input",
                        cast<RankedTensorType>(a.getInput().getType()),
                        a.getOffsets(), a.getSizes(), a.getStrides(), shape)))
    return failure();
  types.push_back(tensorOf(shape, a.getInput()));
  return success();
}

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("table", a.getTable(), 2, 2)))
    return failure();
  auto ids = cast<RankedTensorType>(a.getIds().getType());
  auto table = cast<RankedTensorType>(a.getTable().getType());
  if (ShapedType::isDynamic(table.getDimSize(0)) ||
      ShapedType::isDynamic(table.getDimSize(1)))
    return c.fail("expects a table of static shape but got " +
                  shapeToString(table.getShape()));
  SmallVector<int64_t> shape(ids.getShape());
  shape.push_back(table.getDimSize(1));
  types.push_back(tensorOf(shape, a.getTable()));
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult MseOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc, Adaptor a,
                                      SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(checkMseOperands(c, a.getPrediction(), a.getTarget())))
    return failure();
  auto p = cast<RankedTensorType>(a.getPrediction().getType());
  types.push_back(RankedTensorType::get({}, p.getElementType()));
  return success();
}

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor a,
                                               SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(checkCrossEntropyOperands(c, a.getLogits(), a.getLabels())))
    return failure();
  auto z = cast<RankedTensorType>(a.getLogits().getType());
  types.push_back(RankedTensorType::get({}, z.getElementType()));
  return success();
}
