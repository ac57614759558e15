//===- ParamInit.cpp - nn.param initialisers as pure tensor code ----------===//
//
// Initial weights are computed in generated code by a counter-based
// generator: element i of a parameter with seed s draws
// u = SplitMix64(mix(s) + i·φ) / 2^64 ∈ [0, 1). Being a pure function of
// (seed, index), the result does not depend on the order or parallelism of
// evaluation, and the same seed gives the same weights on every machine.
// Normal samples use Box-Muller on two draws (indices 2i and 2i+1).
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace pcc::lowering;
namespace nn = pcc::nn;

namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kMul1 = 0xBF58476D1CE4E5B9ull;
constexpr uint64_t kMul2 = 0x94D049BB133111EBull;

uint64_t splitMix(uint64_t z) {
  z = (z ^ (z >> 30)) * kMul1;
  z = (z ^ (z >> 27)) * kMul2;
  return z ^ (z >> 31);
}

Value i64Const(OpBuilder &b, Location loc, uint64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr((int64_t)v));
}

/// u ∈ [0, 1) as f64 for the 64-bit counter `ctr`.
Value uniform01(OpBuilder &b, Location loc, Value ctr, uint64_t seedMix) {
  Value z = arith::AddIOp::create(
      b, loc, i64Const(b, loc, seedMix),
      arith::MulIOp::create(b, loc, ctr, i64Const(b, loc, kGolden)));
  auto step = [&](Value v, uint64_t shift, uint64_t mul) {
    Value s = arith::ShRUIOp::create(b, loc, v, i64Const(b, loc, shift));
    Value x = arith::XOrIOp::create(b, loc, v, s);
    return mul ? arith::MulIOp::create(b, loc, x, i64Const(b, loc, mul))
                     .getResult()
               : x;
  };
  z = step(z, 30, kMul1);
  z = step(z, 27, kMul2);
  z = step(z, 31, 0);
  // The top 53 bits make an exactly representable double in [0, 1).
  Value top = arith::ShRUIOp::create(b, loc, z, i64Const(b, loc, 11));
  Value f = arith::UIToFPOp::create(b, loc, b.getF64Type(), top);
  return arith::MulFOp::create(b, loc, f,
                               floatConst(b, loc, b.getF64Type(),
                                          std::ldexp(1.0, -53)));
}

struct ParamLowering : OpConversionPattern<nn::ParamOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(nn::ParamOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    Type et = type.getElementType();
    SmallVector<double> args;
    if (auto a = op.getArgs())
      args.assign(a->begin(), a->end());
    auto [fanIn, fanOut] = op.getFans();
    double gain = args.empty() ? 1.0 : args[0];
    // Every initialiser is uniform(lo, hi) or normal(mean, std).
    bool normal = false;
    double p0 = 0, p1 = 0;
    switch (op.getInit()) {
    case nn::InitKind::zeros:
    case nn::InitKind::constant: {
      Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(), et);
      Value c = floatConst(rewriter, loc, et, args.empty() ? 0.0 : args[0]);
      rewriter.replaceOp(op, linalg::FillOp::create(rewriter, loc,
                                                    ValueRange{c},
                                                    ValueRange{empty}));
      return success();
    }
    case nn::InitKind::uniform:
      p0 = args[0], p1 = args[1];
      break;
    case nn::InitKind::normal:
      normal = true, p0 = args[0], p1 = args[1];
      break;
    case nn::InitKind::glorot_uniform: {
      double limit = gain * std::sqrt(6.0 / double(fanIn + fanOut));
      p0 = -limit, p1 = limit;
      break;
    }
    case nn::InitKind::glorot_normal:
      normal = true, p1 = gain * std::sqrt(2.0 / double(fanIn + fanOut));
      break;
    case nn::InitKind::he_uniform: {
      double limit = gain * std::sqrt(6.0 / double(fanIn));
      p0 = -limit, p1 = limit;
      break;
    }
    case nn::InitKind::he_normal:
      normal = true, p1 = gain * std::sqrt(2.0 / double(fanIn));
      break;
    }
    uint64_t seedMix = splitMix((uint64_t)op.getSeed() + kGolden);
    int64_t rank = type.getRank();
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * type.getDimSize(d + 1);
    MLIRContext *ctx = rewriter.getContext();
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(), et);
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{empty},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx)}, par,
        [&](OpBuilder &b, Location l, ValueRange) {
          Type f64 = b.getF64Type();
          Value linear = i64Const(b, l, 0);
          for (int64_t d = 0; d < rank; ++d) {
            Value i = arith::IndexCastOp::create(
                b, l, b.getI64Type(), linalg::IndexOp::create(b, l, d));
            linear = arith::AddIOp::create(
                b, l, linear,
                arith::MulIOp::create(b, l, i, i64Const(b, l, strides[d])));
          }
          Value v;
          if (!normal) {
            Value u = uniform01(b, l, linear, seedMix);
            v = arith::AddFOp::create(
                b, l, floatConst(b, l, f64, p0),
                arith::MulFOp::create(b, l, u,
                                      floatConst(b, l, f64, p1 - p0)));
          } else {
            Value two = i64Const(b, l, 2);
            Value c0 = arith::MulIOp::create(b, l, linear, two);
            Value c1 = arith::AddIOp::create(b, l, c0, i64Const(b, l, 1));
            // 1 - u ∈ (0, 1] keeps the logarithm finite.
            Value u1 = arith::SubFOp::create(b, l, floatConst(b, l, f64, 1.0),
                                             uniform01(b, l, c0, seedMix));
            Value u2 = uniform01(b, l, c1, seedMix);
            Value r = math::SqrtOp::create(
                b, l,
                arith::MulFOp::create(b, l, floatConst(b, l, f64, -2.0),
                                      math::LogOp::create(b, l, u1)));
            Value theta = arith::MulFOp::create(
                b, l, floatConst(b, l, f64, 2.0 * M_PI), u2);
            Value z =
                arith::MulFOp::create(b, l, r, math::CosOp::create(b, l, theta));
            v = arith::AddFOp::create(
                b, l, floatConst(b, l, f64, p0),
                arith::MulFOp::create(b, l, z, floatConst(b, l, f64, p1)));
          }
          if (et != f64)
            v = arith::TruncFOp::create(b, l, et, v);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

namespace pcc {
void populateNNParamLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<ParamLowering>(patterns.getContext());
}
} // namespace pcc
