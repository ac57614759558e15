//===- NNGradOps.cpp - verification of the nn gradient ops ----------------===//
//
// A gradient op is valid when its forward op would be: `grad` must have the
// shape the forward op gives its result, which is computed by the same rule
// (NNCheck.h) that the forward op's inference uses. Diagnostics print the
// expected shape and say which forward op it comes from.
//
//===----------------------------------------------------------------------===//
#include "pcc/Dialect/NN/IR/NN.h"

#include "NNCheck.h"

using namespace mlir;
using namespace pcc::nn;
using namespace pcc::nn::check;

/// `grad` must have `expected`, the shape that `forward` gives its result.
static LogicalResult checkGradShape(const Checker &c, Value grad,
                                    ArrayRef<int64_t> expected,
                                    const Twine &forward) {
  auto g = cast<RankedTensorType>(grad.getType());
  if (shapesCompatible(g.getShape(), expected))
    return success();
  return c.fail("expects grad of shape " + shapeToString(expected) + " (" +
                forward + ") but got " + shapeToString(g.getShape()));
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult Conv2DGradInputOp::verify() {
  Checker c{getLoc(), getOperationName()};
  if (failed(c.rank("grad", getGrad(), 4, 4)) ||
      failed(c.rank("filter", getFilter(), 4, 4)) ||
      failed(c.rank("result", getResult(), 4, 4)) ||
      failed(c.sameElementType("grad", getGrad(), "filter", getFilter())) ||
      failed(c.sameElementType("grad", getGrad(), "result", getResult())))
    return failure();
  auto f = getFilter().getType();
  auto in = getType();
  if (!dimsCompatible(in.getDimSize(1), f.getDimSize(1)))
    return c.fail("expects a result with the filter's " +
                  shapeToString(f.getDimSize(1)) +
                  " input channels but got result " +
                  shapeToString(in.getShape()) + " (NCHW) for filter " +
                  shapeToString(f.getShape()) + " (FCHW)");
  SmallVector<int64_t> out;
  if (failed(conv2dOutputShape(c, "result", in, f, getStride(), getPadding(),
                               getDilation(), out)))
    return failure();
  return checkGradShape(c, getGrad(), out,
                        "the nn.conv2d output for input " +
                            shapeToString(in.getShape()) + " and filter " +
                            shapeToString(f.getShape()));
}

LogicalResult Conv2DGradFilterOp::verify() {
  Checker c{getLoc(), getOperationName()};
  if (failed(c.rank("input", getInput(), 4, 4)) ||
      failed(c.rank("grad", getGrad(), 4, 4)) ||
      failed(c.rank("result", getResult(), 4, 4)) ||
      failed(c.sameElementType("input", getInput(), "grad", getGrad())) ||
      failed(c.sameElementType("input", getInput(), "result", getResult())))
    return failure();
  auto in = getInput().getType();
  auto f = getType();
  if (!dimsCompatible(in.getDimSize(1), f.getDimSize(1)))
    return c.fail("expects a result (filter) with the input's " +
                  shapeToString(in.getDimSize(1)) +
                  " channels but got result " + shapeToString(f.getShape()) +
                  " (FCHW) for input " + shapeToString(in.getShape()) +
                  " (NCHW)");
  SmallVector<int64_t> out;
  if (failed(conv2dOutputShape(c, "input", in, f, getStride(), getPadding(),
                               getDilation(), out)))
    return failure();
  return checkGradShape(c, getGrad(), out,
                        "the nn.conv2d output for input " +
                            shapeToString(in.getShape()) + " and filter " +
                            shapeToString(f.getShape()));
}

LogicalResult MaxPool2DGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor a,
                                                SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.rank("input", a.getInput(), 4, 4)) ||
      failed(c.rank("grad", a.getGrad(), 4, 4)) ||
      failed(c.sameElementType("input", a.getInput(), "grad", a.getGrad())))
    return failure();
  auto in = cast<RankedTensorType>(a.getInput().getType());
  SmallVector<int64_t> out;
  if (failed(pool2dOutputShape(c, "input", in, a.getKernel(), a.getStride(),
                               a.getPadding(), out)) ||
      failed(checkGradShape(c, a.getGrad(), out,
                            "the nn.max_pool2d output for input " +
                                shapeToString(in.getShape()))))
    return failure();
  types.push_back(in);
  return success();
}

LogicalResult AvgPool2DGradOp::verify() {
  Checker c{getLoc(), getOperationName()};
  if (failed(c.rank("grad", getGrad(), 4, 4)) ||
      failed(c.rank("result", getResult(), 4, 4)) ||
      failed(c.sameElementType("grad", getGrad(), "result", getResult())))
    return failure();
  auto in = getType();
  SmallVector<int64_t> out;
  if (failed(pool2dOutputShape(c, "result", in, getKernel(), getStride(),
                               getPadding(), out)))
    return failure();
  return checkGradShape(c, getGrad(), out,
                        "the nn.avg_pool2d output for input " +
                            shapeToString(in.getShape()));
}

//===----------------------------------------------------------------------===//
// Shape and lookup
//===----------------------------------------------------------------------===//

LogicalResult SliceGradOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(c.sameElementType("like", a.getLike(), "grad", a.getGrad())))
    return failure();
  auto like = cast<RankedTensorType>(a.getLike().getType());
  SmallVector<int64_t> out;
  if (failed(sliceShape(c, "like", like, a.getOffsets(), a.getSizes(),
                        a.getStrides(), out)) ||
      failed(checkGradShape(c, a.getGrad(), out,
                            "the nn.slice of like " +
                                shapeToString(like.getShape()))))
    return failure();
  types.push_back(like);
  return success();
}

LogicalResult EmbeddingGradOp::verify() {
  Checker c{getLoc(), getOperationName()};
  if (failed(c.rank("result", getResult(), 2, 2)) ||
      failed(c.sameElementType("grad", getGrad(), "result", getResult())))
    return failure();
  auto table = getType();
  if (!table.hasStaticShape())
    return c.fail("expects a result (table) of static shape but got " +
                  shapeToString(table.getShape()));
  SmallVector<int64_t> out(getIds().getType().getShape());
  out.push_back(table.getDimSize(1));
  return checkGradShape(c, getGrad(), out,
                        "the nn.embedding output for ids " +
                            shapeToString(getIds().getType().getShape()) +
                            " and table " + shapeToString(table.getShape()));
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// The gradient of a loss is a rank-0 tensor of the loss's element type.
static LogicalResult checkLossGrad(const Checker &c, StringRef name,
                                   Value operand, Value grad) {
  if (failed(c.rank("grad", grad, 0, 0)) ||
      failed(c.sameElementType(name, operand, "grad", grad)))
    return failure();
  return success();
}

LogicalResult MseGradOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor a,
                                          SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(checkMseOperands(c, a.getPrediction(), a.getTarget())) ||
      failed(checkLossGrad(c, "prediction", a.getPrediction(), a.getGrad())))
    return failure();
  types.push_back(a.getPrediction().getType());
  return success();
}

LogicalResult
CrossEntropyGradOp::inferReturnTypes(MLIRContext *,
                                     std::optional<Location> loc, Adaptor a,
                                     SmallVectorImpl<Type> &types) {
  Checker c{loc, getOperationName()};
  if (failed(checkCrossEntropyOperands(c, a.getLogits(), a.getLabels())) ||
      failed(checkLossGrad(c, "logits", a.getLogits(), a.getGrad())))
    return failure();
  types.push_back(a.getLogits().getType());
  return success();
}
