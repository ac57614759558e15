//===- FuseElementwise.cpp - elementwise fusion that keeps kernel forms ---===//
#include "pcc/Transforms/Passes.h"

#include "pcc/Conversion/KernelForms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace pcc {
#define GEN_PASS_DEF_PCCFUSEELEMENTWISE
#define GEN_PASS_DEF_PCCFLATTENELEMENTWISE
#define GEN_PASS_DEF_PCCFOLDSTATECOPIES
#define GEN_PASS_DEF_PCCMERGESIBLINGELEMENTWISE
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {

/// `linalg.copy ins(%v) outs(%dest)` where %v is the only result of an
/// elementwise generic, used only here, that does not read its own init:
/// the generic writes into %dest directly. pc-lower-inference ends every
/// inference step by copying each new state into the old state's buffer;
/// when nothing reads the old state after the update, the update writes it
/// there in place and the copy is gone.
struct FoldCopyIntoProducer : OpRewritePattern<linalg::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    if (!copy.hasPureTensorSemantics())
      return failure();
    Value src = copy.getInputs()[0], dest = copy.getOutputs()[0];
    auto producer = src.getDefiningOp<linalg::GenericOp>();
    if (!producer || !src.hasOneUse() || producer->getNumResults() != 1 ||
        src.getType() != dest.getType() ||
        producer.getNumParallelLoops() != producer.getNumLoops())
      return failure();
    OpOperand *init = producer.getDpsInitOperand(0);
    if (!producer.getMatchingIndexingMap(init).isIdentity() ||
        producer.payloadUsesValueFromOperand(init) ||
        !DominanceInfo().properlyDominates(dest, producer))
      return failure();
    // Every other reader of the old value must come before the producer:
    // then the write can happen in place, and the state buffer stays the
    // same from step to step (a later reader would make bufferization
    // allocate a new buffer for every step instead).
    for (Operation *user : dest.getUsers()) {
      if (user == copy || user == producer)
        continue;
      Operation *at = producer->getBlock()->findAncestorOpInBlock(*user);
      if (!at || !at->isBeforeInBlock(producer))
        return failure();
    }
    rewriter.modifyOpInPlace(producer, [&] { init->set(dest); });
    rewriter.replaceOp(copy, producer->getResult(0));
    return success();
  }
};

/// A `linalg.transpose` that swaps the two matrix dimensions of a GEMM
/// operand (`[1, 0]` for linalg.matmul, `[0, 2, 1]` for batch_matmul)
/// becomes the operand's indexing map: the GEMM reads the untransposed
/// tensor, and the runtime kernel receives a transposed view (a stride
/// swap) instead of a copy. VJPs of dense layers and matmuls transpose a
/// weight or an activation for every product, and a materialised
/// transpose reads with a stride.
template <typename OpTy>
struct FoldTransposeIntoContraction : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    SmallVector<std::pair<OpOperand *, Value>> replaced;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      auto t = operand->get().template getDefiningOp<linalg::TransposeOp>();
      if (!t)
        continue;
      ArrayRef<int64_t> perm = t.getPermutation();
      unsigned rank = perm.size();
      if (rank < 2 || perm[rank - 1] != rank - 2 || perm[rank - 2] != rank - 1)
        continue;
      bool batchKept = true;
      for (unsigned d = 0; d + 2 < rank; ++d)
        batchKept &= perm[d] == d;
      AffineMap &map = maps[operand->getOperandNumber()];
      if (!batchKept || map.getNumResults() != rank)
        continue;
      // The transpose's result dimension d is its input's dimension
      // perm[d]: reading the result at (r_0, ...) reads the input at r
      // with positions perm[d] <- r_d.
      SmallVector<AffineExpr> results(rank);
      for (unsigned d = 0; d < rank; ++d)
        results[perm[d]] = map.getResult(d);
      map = AffineMap::get(map.getNumDims(), 0, results, op.getContext());
      replaced.push_back({operand, t.getInput()});
    }
    if (replaced.empty())
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      for (auto [operand, value] : replaced)
        operand->set(value);
      op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    });
    return success();
  }
};

/// An all-parallel generic on tensors whose maps are identities (or read a
/// rank-0 operand, a scalar such as η) and whose body does not read
/// linalg.index: each element of every result depends only on the same
/// element of every operand.
bool isPointwise(linalg::GenericOp op) {
  return op.hasPureTensorSemantics() && !op.hasIndexSemantics() &&
         op.getNumParallelLoops() == op.getNumLoops() &&
         llvm::all_of(op.getIndexingMapsArray(), [](AffineMap m) {
           return m.isIdentity() || m.getNumResults() == 0;
         });
}

/// `op` (a pointwise generic) and an earlier pointwise generic in its block
/// that reads one of the same tensors (through identity maps, so both
/// iterate over that tensor's shape) become one generic at `op`'s place.
/// See PccMergeSiblingElementwise in Passes.td.
struct MergeSiblingElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  /// An earlier sibling of `op` that can move down to `op`.
  static linalg::GenericOp findSibling(linalg::GenericOp op) {
    for (OpOperand *in : op.getDpsInputOperands()) {
      auto type = dyn_cast<RankedTensorType>(in->get().getType());
      if (!type || type.getRank() == 0 || type.getRank() != op.getNumLoops())
        continue;
      for (OpOperand &use : in->get().getUses()) {
        auto other = dyn_cast<linalg::GenericOp>(use.getOwner());
        if (!other || other == op || other->getBlock() != op->getBlock() ||
            !other->isBeforeInBlock(op) || !isPointwise(other) ||
            other.getNumLoops() != op.getNumLoops() ||
            !other.isDpsInput(&use))
          continue;
        // Every use of the sibling's results comes after `op`.
        if (llvm::all_of(other->getUsers(), [&](Operation *user) {
              Operation *at = op->getBlock()->findAncestorOpInBlock(*user);
              return at && at != op && op->isBeforeInBlock(at);
            }))
          return other;
      }
    }
    return nullptr;
  }

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!isPointwise(op))
      return failure();
    linalg::GenericOp first = findSibling(op);
    if (!first)
      return failure();
    SmallVector<Value> ins(first.getDpsInputs()), outs(first.getDpsInits());
    llvm::append_range(ins, op.getDpsInputs());
    llvm::append_range(outs, op.getDpsInits());
    // A generic's maps are its inputs' then its inits'.
    SmallVector<AffineMap> firstMaps = first.getIndexingMapsArray(),
                           opMaps = op.getIndexingMapsArray();
    const unsigned nInFirst = first.getNumDpsInputs(),
                   nInOp = op.getNumDpsInputs();
    SmallVector<AffineMap> maps(firstMaps.begin(),
                                firstMaps.begin() + nInFirst);
    maps.append(opMaps.begin(), opMaps.begin() + nInOp);
    maps.append(firstMaps.begin() + nInFirst, firstMaps.end());
    maps.append(opMaps.begin() + nInOp, opMaps.end());
    SmallVector<Type> resultTypes(first->getResultTypes());
    llvm::append_range(resultTypes, op->getResultTypes());

    rewriter.setInsertionPoint(op);
    auto merged = linalg::GenericOp::create(
        rewriter, rewriter.getFusedLoc({first.getLoc(), op.getLoc()}),
        resultTypes, ins, outs, maps, op.getIteratorTypesArray());
    // Block arguments: first's inputs, op's inputs, first's inits, op's
    // inits, in the order of the operands.
    Block *body = rewriter.createBlock(&merged.getRegion());
    for (Value v : ins)
      body->addArgument(getElementTypeOrSelf(v.getType()), v.getLoc());
    for (Value v : outs)
      body->addArgument(getElementTypeOrSelf(v.getType()), v.getLoc());
    const unsigned nIn = ins.size(), nOutFirst = first.getNumDpsInits();
    IRMapping map;
    auto mapArgs = [&](linalg::GenericOp g, unsigned inBase,
                       unsigned outBase) {
      Block &b = g.getRegion().front();
      unsigned nInG = g.getNumDpsInputs();
      for (auto [i, arg] : llvm::enumerate(b.getArguments()))
        map.map(arg, body->getArgument(i < nInG ? inBase + i
                                                : outBase + (i - nInG)));
    };
    mapArgs(first, 0, nIn);
    mapArgs(op, nInFirst, nIn + nOutFirst);
    SmallVector<Value> yields;
    rewriter.setInsertionPointToEnd(body);
    for (linalg::GenericOp g : {first, op}) {
      for (Operation &inner : g.getRegion().front().without_terminator())
        rewriter.clone(inner, map);
      for (Value v : g.getRegion().front().getTerminator()->getOperands())
        yields.push_back(map.lookupOrDefault(v));
    }
    linalg::YieldOp::create(rewriter, op.getLoc(), yields);
    rewriter.replaceOp(first,
                       merged->getResults().take_front(first->getNumResults()));
    rewriter.replaceOp(op,
                       merged->getResults().drop_front(first->getNumResults()));
    return success();
  }
};

/// A pointwise generic whose only use is an input of a pointwise generic
/// is fused into it (the consumer's inits stay as they are).
struct FuseSingleUsePointwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!isPointwise(op))
      return failure();
    for (OpOperand *in : op.getDpsInputOperands()) {
      auto producer = in->get().getDefiningOp<linalg::GenericOp>();
      if (!producer || !producer->hasOneUse() || !isPointwise(producer) ||
          !linalg::areElementwiseOpsFusable(in))
        continue;
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, in);
      if (failed(fused))
        continue;
      for (auto [from, to] : fused->replacements)
        rewriter.replaceAllUsesWith(from, to);
      rewriter.eraseOp(op);
      rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct PccFuseElementwise
    : pcc::impl::PccFuseElementwiseBase<PccFuseElementwise> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    linalg::ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse())
        return false;
      auto consumer = dyn_cast<linalg::GenericOp>(fused->getOwner());
      return !consumer || !pcc::matchConvGrad(consumer);
    };
    // Reshapes propagate through elementwise ops only: expanding a
    // contraction (a matmul whose result is reshaped, e.g. by flatten's
    // VJP) would turn it into a generic that no GEMM kernel matches.
    linalg::ControlFusionFn reshapeControl = [control](OpOperand *fused) {
      Operation *op = fused->getOwner();
      if (!isa<linalg::LinalgOp>(op))
        op = fused->get().getDefiningOp();
      auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
      if (linalgOp &&
          linalgOp.getNumParallelLoops() != linalgOp.getNumLoops())
        return false;
      return control(fused);
    };
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      reshapeControl);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    patterns.add<FoldTransposeIntoContraction<linalg::MatmulOp>,
                 FoldTransposeIntoContraction<linalg::BatchMatmulOp>>(ctx);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      return signalPassFailure();
  }
};

/// All dimensions of a flat elementwise generic as one group; none
/// otherwise.
SmallVector<ReassociationIndices> flattenable(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumLoops() < 2 || !isPointwise(generic))
    return {};
  // At most one dynamic size per group: expand-strided-metadata crashes on
  // a memref.expand_shape with two dynamic sizes in one group (MLIR 22).
  SmallVector<ReassociationIndices> groups(1);
  bool groupDynamic = false;
  for (auto [d, size] : llvm::enumerate(generic.getStaticLoopRanges())) {
    bool dynamic = ShapedType::isDynamic(size);
    if (dynamic && groupDynamic) {
      groups.emplace_back();
      groupDynamic = false;
    }
    groups.back().push_back(d);
    groupDynamic |= dynamic;
  }
  if (groups.size() == generic.getNumLoops())
    return {};
  return groups;
}

struct PccFlattenElementwise
    : pcc::impl::PccFlattenElementwiseBase<PccFlattenElementwise> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateCollapseDimensions(patterns, flattenable);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

struct PccFoldStateCopies
    : pcc::impl::PccFoldStateCopiesBase<PccFoldStateCopies> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldCopyIntoProducer>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

struct PccMergeSiblingElementwise
    : pcc::impl::PccMergeSiblingElementwiseBase<PccMergeSiblingElementwise> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<MergeSiblingElementwise, FuseSingleUsePointwise>(ctx);
    // Merges duplicate operands, so that a producer read twice by a merged
    // op has one use. (Not populateElementwiseOpsFusionPatterns: its
    // patterns give an init that the body does not read a fresh
    // tensor.empty, which would undo pcc-fold-state-copies.)
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
