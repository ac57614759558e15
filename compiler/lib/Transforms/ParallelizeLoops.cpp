//===- ParallelizeLoops.cpp - run large linalg loop nests on every thread --===//
//
// A linalg op on buffers whose outermost loop is parallel and whose
// iterations write distinct elements becomes
//
//   scf.if (iterations >= min && threads > 1) {
//     omp.parallel num_threads(threads) { omp.wsloop { omp.loop_nest (%i) {
//       the op's loops over the other dimensions, at %i } } }
//   } else {
//     the op (lowered to loops later, as before)
//   }
//
// with the thread count read at run time from the runtime
// (`pcc_rt_get_num_threads`, what `--threads` set), so the executable uses
// the threads the GEMM kernels use, in one OpenMP runtime. Small ops stay
// serial: a parallel region costs about a microsecond to start.
//
//===----------------------------------------------------------------------===//
#include "pcc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace pcc {
#define GEN_PASS_DEF_PCCPARALLELIZELOOPS
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {

constexpr StringLiteral kThreadsFn = "pcc_rt_get_num_threads";

/// The allocation (or argument) a buffer is a view of.
Value baseBuffer(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(def))
      v = view.getViewSource();
    else if (auto cast = dyn_cast<memref::CastOp>(def))
      v = cast.getSource();
    else
      break;
  }
  return v;
}

/// Whether distinct iterations of the op's loops may run at the same time:
/// all loops are parallel (an op with a reduction accumulates into its
/// output, which in the outlined parallel body LLVM cannot prove distinct
/// from the inputs: the accumulator would be stored and reloaded at every
/// step, slower on two threads than in registers on one), every output is indexed by a projected permutation that
/// names every parallel loop (so two iterations of those loops never write
/// one element), and an input that is a view of an output's buffer is read
/// where that output is written (an in-place update, e.g. x <- x - eta g).
bool parallelSafe(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  SmallVector<unsigned> parallelDims;
  op.getParallelDims(parallelDims);
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    if (!map.isProjectedPermutation())
      return false;
    for (unsigned d : parallelDims)
      if (!map.isFunctionOfDim(d))
        return false;
  }
  for (OpOperand *in : op.getDpsInputOperands()) {
    if (!isa<MemRefType>(in->get().getType()))
      continue;
    Value base = baseBuffer(in->get());
    for (OpOperand &init : op.getDpsInitsMutable())
      if (baseBuffer(init.get()) == base &&
          (in->get() != init.get() || op.getMatchingIndexingMap(in) !=
                                          op.getMatchingIndexingMap(&init)))
        return false;
  }
  return true;
}

/// Replaces `loop` (an scf.parallel without reductions) by a worksharing
/// loop over its first dimension in a parallel region of `threads`
/// threads; the other dimensions stay an scf.parallel inside.
void toOpenMP(RewriterBase &rewriter, scf::ParallelOp loop, Value threads) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  omp::ParallelOperands parallelClauses;
  parallelClauses.numThreads = threads;
  auto parallel = omp::ParallelOp::create(rewriter, loc, parallelClauses);
  Block *parallelBody = rewriter.createBlock(&parallel.getRegion());
  rewriter.setInsertionPointToStart(parallelBody);
  auto wsloop = omp::WsloopOp::create(rewriter, loc, omp::WsloopOperands{});
  rewriter.createBlock(&wsloop.getRegion());
  omp::LoopNestOperands nestClauses;
  nestClauses.loopLowerBounds = {loop.getLowerBound().front()};
  nestClauses.loopUpperBounds = {loop.getUpperBound().front()};
  nestClauses.loopSteps = {loop.getStep().front()};
  auto nest = omp::LoopNestOp::create(rewriter, loc, nestClauses);
  Block *nestBody = rewriter.createBlock(
      &nest.getRegion(), {}, {rewriter.getIndexType()}, {loc});

  IRMapping mapping;
  mapping.map(loop.getInductionVars().front(), nestBody->getArgument(0));
  auto cloneBody = [&](OpBuilder &b) {
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);
  };
  rewriter.setInsertionPointToStart(nestBody);
  if (loop.getNumLoops() == 1) {
    cloneBody(rewriter);
  } else {
    auto rest = [](SmallVector<Value> values) {
      return SmallVector<Value>(llvm::drop_begin(values));
    };
    scf::ParallelOp::create(
        rewriter, loc, rest(loop.getLowerBound()), rest(loop.getUpperBound()),
        rest(loop.getStep()),
        [&](OpBuilder &b, Location, ValueRange ivs) {
          for (auto [from, to] :
               llvm::zip(llvm::drop_begin(loop.getInductionVars()), ivs))
            mapping.map(from, to);
          cloneBody(b);
        });
  }
  omp::YieldOp::create(rewriter, loc);
  rewriter.setInsertionPointToEnd(parallelBody);
  omp::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(loop);
}

struct PccParallelizeLoops
    : pcc::impl::PccParallelizeLoopsBase<PccParallelizeLoops> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> candidates;
    module.walk([&](linalg::LinalgOp op) {
      // Not inside a region that already runs in parallel.
      if (parallelSafe(op) && !op->getParentOfType<omp::ParallelOp>())
        candidates.push_back(op);
    });
    if (candidates.empty())
      return;

    OpBuilder builder(module.getBodyRegion());
    auto threadsFn = module.lookupSymbol<func::FuncOp>(kThreadsFn);
    if (!threadsFn) {
      builder.setInsertionPointToStart(module.getBody());
      threadsFn = func::FuncOp::create(
          builder, module.getLoc(), kThreadsFn,
          builder.getFunctionType({}, {builder.getI64Type()}));
      threadsFn.setPrivate();
    }

    IRRewriter rewriter(module.getContext());
    for (linalg::LinalgOp op : candidates) {
      Location loc = op.getLoc();
      rewriter.setInsertionPoint(op);
      // Iterations of the whole nest (every loop, reductions included: the
      // work a thread would do).
      Value iterations = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (Range range : op.createLoopRanges(rewriter, loc)) {
        Value size = getValueOrCreateConstantIndexOp(rewriter, loc, range.size);
        iterations = arith::MulIOp::create(rewriter, loc, iterations, size);
      }
      Value threads =
          func::CallOp::create(rewriter, loc, threadsFn, ValueRange{})
              .getResult(0);
      Value big = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::sge, iterations,
          arith::ConstantIndexOp::create(rewriter, loc, minIterations));
      Value several = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::sgt, threads,
          arith::ConstantIntOp::create(rewriter, loc, 1, 64));
      Value cond = arith::AndIOp::create(rewriter, loc, big, several);
      auto ifOp = scf::IfOp::create(rewriter, loc, cond, /*withElse=*/true);
      rewriter.moveOpBefore(op, ifOp.elseBlock()->getTerminator());

      rewriter.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      auto copy = cast<linalg::LinalgOp>(rewriter.clone(*op.getOperation()));
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToParallelLoops(rewriter, copy);
      auto outer = succeeded(loops) && !loops->empty()
                       ? dyn_cast<scf::ParallelOp>(loops->front())
                       : scf::ParallelOp();
      if (!outer || outer.getNumReductions() != 0) {
        op->emitError("pcc-parallelize-loops: the op's outer parallel loop "
                      "did not lower to an scf.parallel without reductions");
        return signalPassFailure();
      }
      rewriter.eraseOp(copy);
      rewriter.setInsertionPoint(outer);
      Value threads32 = arith::TruncIOp::create(
          rewriter, loc, rewriter.getI32Type(), threads);
      toOpenMP(rewriter, outer, threads32);
    }
  }
};

} // namespace
