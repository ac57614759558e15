//===- NNToLinalg.cpp - nn structured ops to named linalg ops -------------===//
//
// Dense layers, matmuls, convolutions and pooling become the named linalg
// ops (which convert-linalg-to-runtime later turns into Eigen kernel
// calls); shape ops become tensor ops. Also defines the pass, which runs a
// partial conversion so that an nn op without a lowering is an error.
//
//===----------------------------------------------------------------------===//
#include "LoweringUtils.h"
#include "Patterns.h"

#include "pcc/Conversion/Passes.h"
#include "pcc/Dialect/NN/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace pcc {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#define GEN_PASS_DEF_PCCEXPORTFUNCTIONS
#include "pcc/Conversion/Passes.h.inc"
} // namespace pcc

using namespace mlir;
using namespace pcc::lowering;
namespace nn = pcc::nn;

namespace {

SmallVector<int64_t> iota(int64_t n) {
  return llvm::to_vector(llvm::seq<int64_t>(0, n));
}

/// Fills `empty` with `bias` broadcast along every dimension but `biasDim`
/// (or with zeros without a bias): the accumulator of a matmul or conv.
Value accumulatorInit(OpBuilder &b, Location loc, Value empty, Value bias,
                      int64_t biasDim) {
  auto type = cast<RankedTensorType>(empty.getType());
  if (!bias) {
    Value zero = floatConst(b, loc, type.getElementType(), 0.0);
    return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty})
        .getResult(0);
  }
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  AffineMap biasMap = AffineMap::get(rank, 0, {getAffineDimExpr(biasDim, ctx)},
                                     ctx);
  SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{bias}, ValueRange{empty},
             ArrayRef<AffineMap>{biasMap,
                                 AffineMap::getMultiDimIdentityMap(rank, ctx)},
             par,
             [](OpBuilder &nb, Location l, ValueRange a) {
               linalg::YieldOp::create(nb, l, a[0]);
             })
      .getResult(0);
}

struct DenseLowering : OpConversionPattern<nn::DenseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::DenseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), w = adaptor.getWeight();
    auto xt = cast<RankedTensorType>(x.getType());
    auto rt = cast<RankedTensorType>(op.getType());
    auto wt = cast<RankedTensorType>(w.getType());
    Type et = xt.getElementType();
    int64_t rank = xt.getRank();
    // Bring the input to a matrix [M, K].
    Value x2 = x;
    if (rank == 1) {
      auto t = RankedTensorType::get({1, xt.getDimSize(0)}, et);
      x2 = tensor::ExpandShapeOp::create(rewriter, loc, t, x,
                                         ArrayRef<ReassociationIndices>{{0, 1}});
    } else if (rank > 2) {
      ReassociationIndices lead = iota(rank - 1);
      x2 = tensor::CollapseShapeOp::create(
          rewriter, loc, x,
          ArrayRef<ReassociationIndices>{lead, {rank - 1}});
    }
    auto x2t = cast<RankedTensorType>(x2.getType());
    auto mt = RankedTensorType::get({x2t.getDimSize(0), wt.getDimSize(1)}, et);
    // M comes from the input, N from the weight.
    Value empty = emptyTensor(rewriter, loc, mt, [&](int64_t d) -> Value {
      return tensor::DimOp::create(rewriter, loc, d == 0 ? x2 : w, d);
    });
    Value init = accumulatorInit(rewriter, loc, empty, adaptor.getBias(), 1);
    Value y = linalg::MatmulOp::create(rewriter, loc, TypeRange{mt},
                                       ValueRange{x2, w}, ValueRange{init})
                  .getResult(0);
    if (rank == 1) {
      y = tensor::CollapseShapeOp::create(
          rewriter, loc, rt, y, ArrayRef<ReassociationIndices>{{0, 1}});
    } else if (rank > 2) {
      SmallVector<OpFoldResult> shape;
      for (int64_t d = 0; d < rank - 1; ++d)
        shape.push_back(dimOf(rewriter, loc, x, d));
      shape.push_back(dimOf(rewriter, loc, w, 1));
      y = tensor::ExpandShapeOp::create(
          rewriter, loc, rt, y,
          ArrayRef<ReassociationIndices>{iota(rank - 1), {rank - 1}}, shape);
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct MatmulLowering : OpConversionPattern<nn::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getLhs(), b = adaptor.getRhs();
    auto rt = cast<RankedTensorType>(op.getType());
    int64_t rank = rt.getRank();
    // Dynamic sizes: M from lhs, N from rhs, the batch from whichever has it.
    Value init = emptyTensor(rewriter, loc, rt, [&](int64_t d) -> Value {
      if (d == rank - 1)
        return tensor::DimOp::create(rewriter, loc, b, rank - 1);
      if (d == 0 && rank == 3 &&
          !cast<RankedTensorType>(a.getType()).isDynamicDim(0))
        return tensor::DimOp::create(rewriter, loc, b, 0);
      return tensor::DimOp::create(rewriter, loc, a, d);
    });
    Value zero = floatConst(rewriter, loc, rt.getElementType(), 0.0);
    init = linalg::FillOp::create(rewriter, loc, ValueRange{zero},
                                  ValueRange{init})
               .getResult(0);
    Value y =
        rank == 2
            ? linalg::MatmulOp::create(rewriter, loc, TypeRange{rt},
                                       ValueRange{a, b}, ValueRange{init})
                  .getResult(0)
            : linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{rt},
                                            ValueRange{a, b}, ValueRange{init})
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// (size of padded dimension `dim` - window span) / stride + 1, for the
/// dynamic spatial sizes of convolution and pooling outputs.
Value windowOutputDim(OpBuilder &b, Location loc, Value padded, int64_t dim,
                      int64_t span, int64_t stride) {
  Value h = tensor::DimOp::create(b, loc, padded, dim);
  Value rest = arith::SubIOp::create(
      b, loc, h, arith::ConstantIndexOp::create(b, loc, span));
  Value q = arith::DivUIOp::create(
      b, loc, rest, arith::ConstantIndexOp::create(b, loc, stride));
  return arith::AddIOp::create(b, loc, q,
                               arith::ConstantIndexOp::create(b, loc, 1));
}

struct Conv2DLowering : OpConversionPattern<nn::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto rt = cast<RankedTensorType>(op.getType());
    Value x = padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), 0.0);
    // Only the batch (and spatial sizes of a dynamic image) can be dynamic;
    // the output's spatial sizes follow from the padded input.
    Value init;
    {
      Value empty = emptyTensor(rewriter, loc, rt, [&](int64_t d) -> Value {
        if (d == 0)
          return tensor::DimOp::create(rewriter, loc, x, 0);
        if (d == 1)
          return tensor::DimOp::create(rewriter, loc, adaptor.getFilter(), 0);
        int64_t i = d - 2;
        auto ft = cast<RankedTensorType>(adaptor.getFilter().getType());
        return windowOutputDim(rewriter, loc, x, d,
                               op.getDilation()[i] * (ft.getDimSize(d) - 1) + 1,
                               op.getStride()[i]);
      });
      init = accumulatorInit(rewriter, loc, empty, adaptor.getBias(), 1);
    }
    auto strides = rewriter.getI64TensorAttr(op.getStride());
    auto dilations = rewriter.getI64TensorAttr(op.getDilation());
    Value y = linalg::Conv2DNchwFchwOp::create(
                  rewriter, loc, TypeRange{rt},
                  ValueRange{x, adaptor.getFilter()}, ValueRange{init},
                  strides, dilations)
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

template <typename OpTy, bool IsMax>
struct Pool2DLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto rt = cast<RankedTensorType>(op.getType());
    Type et = rt.getElementType();
    ArrayRef<int64_t> k = op.getKernel();
    SmallVector<int64_t, 2> stride = op.getEffectiveStride();
    double padValue = IsMax ? -std::numeric_limits<double>::infinity() : 0.0;
    Value x = padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(),
                         padValue);
    Value empty = emptyTensor(rewriter, loc, rt, [&](int64_t d) -> Value {
      if (d < 2)
        return tensor::DimOp::create(rewriter, loc, x, d);
      return windowOutputDim(rewriter, loc, x, d, k[d - 2], stride[d - 2]);
    });
    Value init = linalg::FillOp::create(
                     rewriter, loc,
                     ValueRange{floatConst(rewriter, loc, et, padValue)},
                     ValueRange{empty})
                     .getResult(0);
    Value window = tensor::EmptyOp::create(rewriter, loc, k, et);
    auto strides = rewriter.getI64TensorAttr(stride);
    auto dilations = rewriter.getI64TensorAttr({1, 1});
    Value y;
    if constexpr (IsMax) {
      y = linalg::PoolingNchwMaxOp::create(rewriter, loc, TypeRange{rt},
                                           ValueRange{x, window},
                                           ValueRange{init}, strides, dilations)
              .getResult(0);
    } else {
      y = linalg::PoolingNchwSumOp::create(rewriter, loc, TypeRange{rt},
                                           ValueRange{x, window},
                                           ValueRange{init}, strides, dilations)
              .getResult(0);
      Value n = floatConst(rewriter, loc, et, double(k[0] * k[1]));
      y = buildElementwise(rewriter, loc, rt, {y},
                           [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::DivFOp::create(b, l, a[0], n);
                           });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct ReshapeLowering : OpConversionPattern<nn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(),
                                        adaptor.getInput(), op.getType()));
    return success();
  }
};

struct FlattenLowering : OpConversionPattern<nn::FlattenOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    auto rt = cast<RankedTensorType>(op.getType());
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    int64_t axis = op.getAxis();
    if (axis == 0 || axis == rank) {
      // One side is an empty product (size 1): reshape through rank 1.
      rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(), x, rt));
      return success();
    }
    ReassociationIndices front = iota(axis), back;
    for (int64_t d = axis; d < rank; ++d)
      back.push_back(d);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, rt, x, ArrayRef<ReassociationIndices>{front, back});
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<nn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto rt = cast<RankedTensorType>(op.getType());
    // An identity permutation (including rank 0) moves nothing.
    if (llvm::equal(op.getPermutation(), llvm::seq<int64_t>(0, rt.getRank()))) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value init = emptyLike(rewriter, op.getLoc(), rt, adaptor.getInput(),
                           op.getPermutation());
    rewriter.replaceOp(op, linalg::TransposeOp::create(
                               rewriter, op.getLoc(), adaptor.getInput(), init,
                               op.getPermutation())
                               .getResult());
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<nn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto rt = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getNormalizedAxis(), rank = rt.getRank();
    ValueRange inputs = adaptor.getInputs();
    // Sizes along the axis, and the running offset of each input.
    SmallVector<OpFoldResult> offsets;
    OpFoldResult total = rewriter.getIndexAttr(0);
    auto add = [&](OpFoldResult a, OpFoldResult b) -> OpFoldResult {
      auto ca = getConstantIntValue(a), cb = getConstantIntValue(b);
      if (ca && cb)
        return rewriter.getIndexAttr(*ca + *cb);
      auto v = [&](OpFoldResult f) -> Value {
        if (auto c = getConstantIntValue(f))
          return arith::ConstantIndexOp::create(rewriter, loc, *c);
        return cast<Value>(f);
      };
      return arith::AddIOp::create(rewriter, loc, v(a), v(b)).getResult();
    };
    for (Value in : inputs) {
      offsets.push_back(total);
      total = add(total, dimOf(rewriter, loc, in, axis));
    }
    Value result = emptyTensor(rewriter, loc, rt, [&](int64_t d) -> Value {
      if (d == axis)
        return cast<Value>(total);
      for (Value in : inputs)
        if (cast<RankedTensorType>(in.getType()).isDynamicDim(d))
          return tensor::DimOp::create(rewriter, loc, in, d);
      llvm_unreachable("dynamic concat dimension without a dynamic input");
    });
    for (auto [in, off] : llvm::zip(inputs, offsets)) {
      SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      offs[axis] = off;
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(dimOf(rewriter, loc, in, d));
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offs,
                                             sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<nn::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto rt = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> offs, sizes, strides;
    for (int64_t d = 0; d < rt.getRank(); ++d) {
      offs.push_back(rewriter.getIndexAttr(op.getOffsets()[d]));
      strides.push_back(rewriter.getIndexAttr(op.getStrides()[d]));
      sizes.push_back(rt.isDynamicDim(d) ? dimOf(rewriter, loc, x, d)
                                         : rewriter.getIndexAttr(rt.getDimSize(d)));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, rt, x, offs, sizes,
                                                        strides);
    return success();
  }
};

struct ConvertNNToLinalg
    : pcc::impl::ConvertNNToLinalgBase<ConvertNNToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<nn::NNDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalDialect<nn::NNDialect>();
    RewritePatternSet patterns(ctx);
    pcc::populateNNStructuredLoweringPatterns(patterns);
    pcc::populateNNElementwiseLoweringPatterns(patterns);
    pcc::populateNNParamLoweringPatterns(patterns);
    pcc::populateNNGradLoweringPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

struct PccExportFunctions
    : pcc::impl::PccExportFunctionsBase<PccExportFunctions> {
  void runOnOperation() override {
    getOperation().walk([](func::FuncOp f) {
      if (f.isPublic() && !f.isExternal())
        f->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                   UnitAttr::get(f.getContext()));
    });
  }
};

} // namespace

void pcc::populateNNStructuredLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<DenseLowering, MatmulLowering, Conv2DLowering,
               Pool2DLowering<nn::MaxPool2DOp, true>,
               Pool2DLowering<nn::AvgPool2DOp, false>, ReshapeLowering,
               FlattenLowering, TransposeLowering, ConcatLowering,
               SliceLowering>(patterns.getContext());
}
