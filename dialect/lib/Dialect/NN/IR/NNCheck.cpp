//===- NNCheck.cpp - diagnosing shape rules of the nn verifiers -----------===//
#include "NNCheck.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace pcc::nn::check {

LogicalResult Checker::fail(const Twine &msg) const {
  return emitOptionalError(loc, "'", opName, "' op ", msg);
}

LogicalResult Checker::rank(StringRef name, Value v, int64_t minRank,
                            int64_t maxRank) const {
  auto t = cast<RankedTensorType>(v.getType());
  if (t.getRank() >= minRank && t.getRank() <= maxRank)
    return success();
  std::string want = minRank == maxRank ? std::to_string(minRank)
                     : maxRank == INT64_MAX
                         ? "at least " + std::to_string(minRank)
                         : std::to_string(minRank) + " to " +
                               std::to_string(maxRank);
  return fail("expects " + name + " of rank " + want + " but got " +
              typeStr(t));
}

LogicalResult Checker::sameElementType(StringRef aName, Value a,
                                       StringRef bName, Value b) const {
  Type ea = cast<ShapedType>(a.getType()).getElementType();
  Type eb = cast<ShapedType>(b.getType()).getElementType();
  if (ea == eb)
    return success();
  return fail("expects " + bName + " to have the element type of " + aName +
              " (" + typeStr(ea) + ") but got " + typeStr(b.getType()));
}

std::string Checker::typeStr(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

bool shapesCompatible(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip(a, b))
    if (!dimsCompatible(x, y))
      return false;
  return true;
}

RankedTensorType tensorOf(ArrayRef<int64_t> shape, Value like) {
  return RankedTensorType::get(
      shape, cast<ShapedType>(like.getType()).getElementType());
}

std::string listToString(ArrayRef<int64_t> values) {
  return "[" +
         llvm::join(llvm::map_range(
                        values, [](int64_t v) { return std::to_string(v); }),
                    ", ") +
         "]";
}

LogicalResult checkPair(const Checker &c, StringRef attrName,
                        ArrayRef<int64_t> values, int64_t minValue) {
  if (values.size() != 2)
    return c.fail("expects '" + attrName + "' to have 2 values but got " +
                  std::to_string(values.size()));
  for (int64_t v : values)
    if (v < minValue)
      return c.fail("expects '" + attrName + "' values >= " +
                    std::to_string(minValue) + " but got " +
                    std::to_string(v));
  return success();
}

LogicalResult normalizeAxes(const Checker &c, StringRef name,
                            ArrayRef<int64_t> shape, ArrayRef<int64_t> axes,
                            SmallVectorImpl<int64_t> &normalized) {
  int64_t rank = shape.size();
  normalized.clear();
  for (int64_t a : axes) {
    if (a < -rank || a >= rank)
      return c.fail("expects 'axes' values in [" + std::to_string(-rank) +
                    ", " + std::to_string(rank) + ") for " + name + " " +
                    shapeToString(shape) + " but got " + std::to_string(a));
    int64_t d = a < 0 ? a + rank : a;
    if (llvm::is_contained(normalized, d))
      return c.fail("expects 'axes' to name each dimension once but got " +
                    listToString(axes) + " (dimension " + std::to_string(d) +
                    " twice)");
    normalized.push_back(d);
  }
  llvm::sort(normalized);
  return success();
}

LogicalResult conv2dOutputShape(const Checker &c, StringRef inputName,
                                RankedTensorType in, RankedTensorType f,
                                ArrayRef<int64_t> stride,
                                ArrayRef<int64_t> padding,
                                ArrayRef<int64_t> dilation,
                                SmallVectorImpl<int64_t> &shape) {
  if (failed(checkPair(c, "stride", stride, 1)) ||
      failed(checkPair(c, "padding", padding, 0)) ||
      failed(checkPair(c, "dilation", dilation, 1)))
    return failure();
  if (ShapedType::isDynamic(f.getDimSize(2)) ||
      ShapedType::isDynamic(f.getDimSize(3)))
    return c.fail("expects a filter with static spatial size but got " +
                  shapeToString(f.getShape()));
  shape.assign({in.getDimSize(0), f.getDimSize(0)});
  for (int i = 0; i < 2; ++i) {
    int64_t o = slidingWindowOutputSize(in.getDimSize(2 + i),
                                        f.getDimSize(2 + i), stride[i],
                                        padding[i], dilation[i]);
    if (!ShapedType::isDynamic(o) && o < 1)
      return c.fail("filter " + shapeToString(f.getShape()) +
                    " with the given padding and dilation does not fit " +
                    inputName + " " + shapeToString(in.getShape()));
    shape.push_back(o);
  }
  return success();
}

LogicalResult pool2dOutputShape(const Checker &c, StringRef inputName,
                                RankedTensorType in, ArrayRef<int64_t> kernel,
                                std::optional<ArrayRef<int64_t>> stride,
                                ArrayRef<int64_t> padding,
                                SmallVectorImpl<int64_t> &shape) {
  if (failed(checkPair(c, "kernel", kernel, 1)) ||
      failed(checkPair(c, "padding", padding, 0)))
    return failure();
  SmallVector<int64_t> s(kernel);
  if (stride) {
    if (failed(checkPair(c, "stride", *stride, 1)))
      return failure();
    s.assign(stride->begin(), stride->end());
  }
  for (int i = 0; i < 2; ++i)
    if (2 * padding[i] > kernel[i])
      return c.fail("expects padding at most half the kernel but got padding " +
                    std::to_string(padding[i]) + " for kernel " +
                    std::to_string(kernel[i]));
  shape.assign({in.getDimSize(0), in.getDimSize(1)});
  for (int i = 0; i < 2; ++i) {
    int64_t o = slidingWindowOutputSize(in.getDimSize(2 + i), kernel[i], s[i],
                                        padding[i], 1);
    if (!ShapedType::isDynamic(o) && o < 1)
      return c.fail("kernel " + shapeToString(kernel) + " does not fit " +
                    inputName + " " + shapeToString(in.getShape()));
    shape.push_back(o);
  }
  return success();
}

LogicalResult sliceShape(const Checker &c, StringRef inputName,
                         RankedTensorType in, ArrayRef<int64_t> off,
                         ArrayRef<int64_t> size, ArrayRef<int64_t> str,
                         SmallVectorImpl<int64_t> &shape) {
  int64_t rank = in.getRank();
  for (auto [name, arr] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"offsets", off},
        {"sizes", size},
        {"strides", str}})
    if ((int64_t)arr.size() != rank)
      return c.fail("expects '" + name + "' to have " + std::to_string(rank) +
                    " values (the " + inputName + " rank) but got " +
                    std::to_string(arr.size()));
  shape.clear();
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = in.getDimSize(d);
    std::string where = " in dimension " + std::to_string(d) + " of " +
                        inputName.str() + " " + shapeToString(in.getShape());
    if (ShapedType::isDynamic(dim)) {
      if (off[d] != 0 || size[d] != -1 || str[d] != 1)
        return c.fail("can only take a dynamic dimension whole (offset 0, "
                      "size -1, stride 1)" +
                      where);
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t sz = size[d] == -1 && str[d] >= 1
                     ? (dim - off[d] + str[d] - 1) / str[d]
                     : size[d];
    if (off[d] < 0 || str[d] < 1 || sz < 1 || off[d] + (sz - 1) * str[d] >= dim)
      return c.fail("slice [offset " + std::to_string(off[d]) + ", size " +
                    std::to_string(size[d]) + ", stride " +
                    std::to_string(str[d]) + "] is out of bounds" + where);
    shape.push_back(sz);
  }
  return success();
}

LogicalResult checkMseOperands(const Checker &c, Value prediction,
                               Value target) {
  if (failed(c.sameElementType("prediction", prediction, "target", target)))
    return failure();
  auto p = cast<RankedTensorType>(prediction.getType());
  auto t = cast<RankedTensorType>(target.getType());
  if (!shapesCompatible(p.getShape(), t.getShape()))
    return c.fail("expects target of shape " + shapeToString(p.getShape()) +
                  " (the prediction's) but got " +
                  shapeToString(t.getShape()));
  return success();
}

LogicalResult checkCrossEntropyOperands(const Checker &c, Value logits,
                                        Value labels) {
  if (failed(c.rank("logits", logits, 1, INT64_MAX)))
    return failure();
  auto z = cast<RankedTensorType>(logits.getType());
  auto y = cast<RankedTensorType>(labels.getType());
  if (!shapesCompatible(z.getShape().drop_back(), y.getShape()))
    return c.fail("expects labels of shape " +
                  shapeToString(z.getShape().drop_back()) +
                  " (the logits' without the class dimension) but got " +
                  shapeToString(y.getShape()));
  if (ShapedType::isDynamic(z.getShape().back()))
    return c.fail("expects a static number of classes but got logits " +
                  shapeToString(z.getShape()));
  return success();
}

} // namespace pcc::nn::check
