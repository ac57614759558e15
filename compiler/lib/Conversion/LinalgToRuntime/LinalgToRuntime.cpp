//===- LinalgToRuntime.cpp - GEMM, convolution and pooling via libpcc_rt --===//
//
// The arithmetic-heavy linalg ops are handed to Eigen kernels in the runtime
// once they operate on buffers: at that level a call is just a function call
// with memref descriptors, so no tensor value semantics need preserving.
// Operands are cast to fully dynamic strided memrefs, which every view can
// be cast to, so one kernel signature per rank serves all layouts.
//
//===----------------------------------------------------------------------===//
#include "pcc/Conversion/KernelForms.h"
#include "pcc/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace pcc {
#define GEN_PASS_DEF_CONVERTLINALGTORUNTIME
#include "pcc/Conversion/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {

/// memref<?x...x?xT, strided<[?, ...], offset: ?>> of the given rank.
MemRefType fullyDynamic(MemRefType t) {
  int64_t rank = t.getRank();
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  SmallVector<int64_t> strides(rank, ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(t.getContext(), ShapedType::kDynamic,
                                       strides);
  return MemRefType::get(shape, t.getElementType(), layout);
}

/// The kernel suffix for an op whose operands are all f32 (or all f64)
/// memrefs; none for other or mixed element types.
std::optional<StringRef> suffixFor(linalg::LinalgOp op) {
  Type elementType;
  for (Value v : op->getOperands()) {
    auto t = dyn_cast<MemRefType>(v.getType());
    if (!t)
      return std::nullopt;
    if (elementType && t.getElementType() != elementType)
      return std::nullopt;
    elementType = t.getElementType();
  }
  if (elementType && elementType.isF32())
    return StringRef("f32");
  if (elementType && elementType.isF64())
    return StringRef("f64");
  return std::nullopt;
}

class RuntimeCallBuilder {
public:
  RuntimeCallBuilder(ModuleOp module) : module(module) {}

  /// Calls `pcc_rt_<name>_<suffix>(memrefs..., i64 scalars...)`, declaring the
  /// callee on first use.
  /// Fails (with a diagnostic) if the module already has a different
  /// function of that name.
  LogicalResult call(RewriterBase &rewriter, Location loc, StringRef name,
                     StringRef suffix, ValueRange memrefs,
                     ArrayRef<int64_t> scalars) {
    SmallVector<Value> args;
    SmallVector<Type> argTypes;
    for (Value m : memrefs) {
      MemRefType t = fullyDynamic(cast<MemRefType>(m.getType()));
      args.push_back(m.getType() == t
                         ? m
                         : memref::CastOp::create(rewriter, loc, t, m)
                               .getResult());
      argTypes.push_back(t);
    }
    for (int64_t s : scalars) {
      args.push_back(arith::ConstantOp::create(
          rewriter, loc, rewriter.getI64IntegerAttr(s)));
      argTypes.push_back(rewriter.getI64Type());
    }
    std::string symbol = ("pcc_rt_" + name + "_" + suffix).str();
    auto fnType = rewriter.getFunctionType(argTypes, {});
    Operation *existing = module.lookupSymbol(symbol);
    auto fn = dyn_cast_or_null<func::FuncOp>(existing);
    if (existing && (!fn || fn.getFunctionType() != fnType)) {
      clashed = true;
      return existing->emitError("'")
             << symbol << "' is reserved for the pcc runtime kernel of type "
             << fnType;
    }
    if (!fn) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      fn = func::FuncOp::create(rewriter, module.getLoc(), symbol, fnType);
      fn.setPrivate();
      fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  rewriter.getUnitAttr());
    }
    func::CallOp::create(rewriter, loc, fn, args);
    return success();
  }

  bool clashed = false;

private:
  ModuleOp module;
};

enum class Orientation { Default, Transposed, Other };

/// How a matmul operand's indexing map reads it: [rows, cols] (after any
/// batch dimensions), the transpose, or something else.
Orientation orientationOf(AffineMap map, unsigned batchDims, unsigned rowDim,
                          unsigned colDim) {
  MLIRContext *ctx = map.getContext();
  SmallVector<AffineExpr> expected, transposed;
  for (unsigned b = 0; b < batchDims; ++b) {
    expected.push_back(getAffineDimExpr(b, ctx));
    transposed.push_back(getAffineDimExpr(b, ctx));
  }
  expected.push_back(getAffineDimExpr(rowDim, ctx));
  expected.push_back(getAffineDimExpr(colDim, ctx));
  transposed.push_back(getAffineDimExpr(colDim, ctx));
  transposed.push_back(getAffineDimExpr(rowDim, ctx));
  if (map.getResults() == ArrayRef(expected))
    return Orientation::Default;
  if (map.getResults() == ArrayRef(transposed))
    return Orientation::Transposed;
  return Orientation::Other;
}

/// The operand as a [rows, cols] view: itself, or a memref.transpose view
/// when its map reads it transposed.
Value orientedOperand(RewriterBase &rewriter, Location loc, Value operand,
                      AffineMap map, unsigned batchDims, unsigned rowDim,
                      unsigned colDim) {
  MLIRContext *ctx = rewriter.getContext();
  if (orientationOf(map, batchDims, rowDim, colDim) == Orientation::Default)
    return operand;
  SmallVector<unsigned> perm;
  for (unsigned b = 0; b < batchDims; ++b)
    perm.push_back(b);
  perm.push_back(batchDims + 1);
  perm.push_back(batchDims);
  auto permMap = AffineMap::getPermutationMap(perm, ctx);
  return memref::TransposeOp::create(rewriter, loc, operand,
                                     AffineMapAttr::get(permMap));
}

template <typename MatmulLike>
LogicalResult lowerMatmul(RewriterBase &rewriter, RuntimeCallBuilder &calls,
                          MatmulLike op, StringRef name, unsigned batchDims) {
  auto suffix = suffixFor(op);
  if (!suffix || !op.hasPureBufferSemantics())
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // Loop dims: [batch..., m, n, k].
  unsigned m = batchDims, n = batchDims + 1, k = batchDims + 2;
  // Decide before creating anything, so that a rejected op leaves no IR.
  if (orientationOf(maps[0], batchDims, m, k) == Orientation::Other ||
      orientationOf(maps[1], batchDims, k, n) == Orientation::Other ||
      orientationOf(maps[2], batchDims, m, n) != Orientation::Default)
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  Value a = orientedOperand(rewriter, loc, op.getDpsInputs()[0], maps[0],
                            batchDims, m, k);
  Value b = orientedOperand(rewriter, loc, op.getDpsInputs()[1], maps[1],
                            batchDims, k, n);
  Value c = op.getDpsInits()[0];
  if (failed(calls.call(rewriter, loc, name, *suffix, {a, b, c}, {})))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

SmallVector<int64_t> i64Values(DenseIntElementsAttr attr) {
  return llvm::to_vector(attr.getValues<int64_t>());
}

struct ConvertLinalgToRuntime
    : pcc::impl::ConvertLinalgToRuntimeBase<ConvertLinalgToRuntime> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    RuntimeCallBuilder calls(module);
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> candidates;
    module.walk([&](linalg::LinalgOp op) { candidates.push_back(op); });
    for (Operation *op : candidates) {
      // Failure means "leave it to the loop lowering"; a reserved-name clash
      // has been reported and fails the pass.
      (void)llvm::TypeSwitch<Operation *, LogicalResult>(op)
          .Case([&](linalg::MatmulOp mm) {
            return lowerMatmul(rewriter, calls, mm, "matmul", 0);
          })
          .Case([&](linalg::BatchMatmulOp mm) {
            return lowerMatmul(rewriter, calls, mm, "batch_matmul", 1);
          })
          .Case([&](linalg::Conv2DNchwFchwOp conv) {
            auto suffix = suffixFor(conv);
            if (!suffix || !conv.hasPureBufferSemantics())
              return failure();
            auto s = i64Values(conv.getStrides());
            auto d = i64Values(conv.getDilations());
            rewriter.setInsertionPoint(conv);
            if (failed(calls.call(
                    rewriter, conv.getLoc(), "conv2d_nchw_fchw", *suffix,
                    {conv.getDpsInputs()[0], conv.getDpsInputs()[1],
                     conv.getDpsInits()[0]},
                    {s[0], s[1], d[0], d[1]})))
              return failure();
            rewriter.eraseOp(conv);
            return success();
          })
          .Case([&](linalg::GenericOp generic) {
            return lowerConvGrad(rewriter, calls, generic);
          })
          .Case([&](linalg::PoolingNchwMaxOp pool) {
            return lowerPool(rewriter, calls, pool, "max_pool2d_nchw");
          })
          .Case([&](linalg::PoolingNchwSumOp pool) {
            return lowerPool(rewriter, calls, pool, "sum_pool2d_nchw");
          })
          .Default([](Operation *) { return failure(); });
    }
    if (calls.clashed)
      signalPassFailure();
  }

  /// The convolution-gradient forms of KernelForms.h: operands (grad,
  /// input or filter, result) in that order, as the kernels take them.
  static LogicalResult lowerConvGrad(RewriterBase &rewriter,
                                     RuntimeCallBuilder &calls,
                                     linalg::GenericOp op) {
    auto suffix = suffixFor(op);
    if (!suffix || !op.hasPureBufferSemantics())
      return failure();
    std::optional<pcc::ConvGradForm> form = pcc::matchConvGrad(op);
    if (!form)
      return failure();
    rewriter.setInsertionPoint(op);
    StringRef name = form->kind == pcc::ConvGradKind::Filter
                         ? "conv2d_grad_filter_nchw_fchw"
                         : "conv2d_grad_input_nchw_fchw";
    if (failed(calls.call(rewriter, op.getLoc(), name, *suffix,
                          {op.getDpsInputs()[0], op.getDpsInputs()[1],
                           op.getDpsInits()[0]},
                          {form->stride[0], form->stride[1],
                           form->dilation[0], form->dilation[1]})))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }

  template <typename PoolOp>
  static LogicalResult lowerPool(RewriterBase &rewriter,
                                 RuntimeCallBuilder &calls, PoolOp pool,
                                 StringRef name) {
    auto suffix = suffixFor(pool);
    auto window = cast<MemRefType>(pool.getDpsInputs()[1].getType());
    if (!suffix || !pool.hasPureBufferSemantics() ||
        !window.hasStaticShape())
      return failure();
    auto s = i64Values(pool.getStrides());
    auto d = i64Values(pool.getDilations());
    rewriter.setInsertionPoint(pool);
    if (failed(calls.call(rewriter, pool.getLoc(), name, *suffix,
                          {pool.getDpsInputs()[0], pool.getDpsInits()[0]},
                          {window.getDimSize(0), window.getDimSize(1), s[0],
                           s[1], d[0], d[1]})))
      return failure();
    rewriter.eraseOp(pool);
    return success();
  }
};

} // namespace
