//===- ParallelizeLoops.cpp - run large linalg loop nests on every thread --===//
//
// A linalg op on buffers whose outer loop is parallel and whose outer
// iterations write distinct elements becomes
//
//   scf.if (iterations >= min && threads > 1) {
//     omp.parallel num_threads(threads) { omp.wsloop { omp.loop_nest (%i) {
//       func.call @<function>_parallel<k>(%i, ...)  // the rest, at %i
//     } } }
//   } else {
//     the op (lowered to loops later, as before)
//   }
//
// with the thread count read at run time from the runtime
// (`pcc_rt_get_num_threads`, what `--threads` set), so the executable uses
// the threads the GEMM kernels use, in one OpenMP runtime. Small ops stay
// serial: a parallel region costs about a microsecond to start. The body
// function's distinct allocations become noalias pointers
// (PccMarkNoAlias, after the conversion to LLVM).
//
//===----------------------------------------------------------------------===//
#include "pcc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace pcc {
#define GEN_PASS_DEF_PCCPARALLELIZELOOPS
#define GEN_PASS_DEF_PCCMARKNOALIAS
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {

constexpr StringLiteral kThreadsFn = "pcc_rt_get_num_threads";
constexpr StringLiteral kNoAliasArgs = "pcc.noalias_args";

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

/// Whether the iterations of the op's outer loop may run at the same time:
/// that loop is parallel and its index is an index of every output (two
/// of its iterations never write one element; a scatter such as max-pool's
/// gradient, out[n, c, 2 oh + kh, 2 ow + kw], qualifies), an op with a
/// reduction loop indexes its outputs by projected permutations (each
/// element accumulates in the order of the serial loops), and an input
/// that is a view of an output's buffer is read where that output is
/// written (an in-place update, e.g. x <- x - eta g).
bool parallelSafe(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op.getIteratorTypesArray().front() != utils::IteratorType::parallel)
    return false;
  bool reduces = op.getNumLoops() != op.getNumParallelLoops();
  AffineExpr outer = getAffineDimExpr(0, op.getContext());
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    if (!llvm::is_contained(map.getResults(), outer) ||
        (reduces && !map.isProjectedPermutation()))
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
/// threads. The work of one outer index (the other dimensions as scf.for
/// loops in the serial order, and the loop body) becomes a private
/// function that the worksharing loop calls, and LLVM inlines: its memref
/// arguments that are distinct allocations are marked `llvm.noalias`.
/// OpenMP passes what the parallel region uses through a struct, and
/// without that LLVM could not tell an output from the inputs (an
/// accumulator would be stored and reloaded at every step, a scatter would
/// not vectorize); the serial loops know it from the allocations.
void toOpenMP(RewriterBase &rewriter, func::FuncOp parent,
              scf::ParallelOp loop, Value threads, unsigned index) {
  Location loc = loop.getLoc();
  unsigned n = loop.getNumLoops();
  llvm::SetVector<Value> captured;
  for (unsigned d = 1; d < n; ++d) {
    captured.insert(loop.getLowerBound()[d]);
    captured.insert(loop.getUpperBound()[d]);
    captured.insert(loop.getStep()[d]);
  }
  getUsedValuesDefinedAbove(loop.getRegion(), captured);

  // The body function.
  SmallVector<Type> argTypes = {rewriter.getIndexType()};
  for (Value v : captured)
    argTypes.push_back(v.getType());
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(parent);
  auto fn = func::FuncOp::create(
      rewriter, loc, (parent.getName() + "_parallel" + Twine(index)).str(),
      rewriter.getFunctionType(argTypes, {}));
  fn.setPrivate();
  // A memref is traced to its allocation through view-like ops; when one
  // leads elsewhere (an op this does not see through), nothing is marked:
  // that buffer could be any of the others.
  llvm::DenseMap<Value, unsigned> basesSeen;
  SmallVector<Value> bases;
  bool allKnown = true;
  for (Value v : captured) {
    bases.push_back(isa<MemRefType>(v.getType()) ? baseBuffer(v) : Value());
    if (!bases.back())
      continue;
    Value base = bases.back();
    ++basesSeen[base];
    // Roots that cannot be one of this function's allocations: its own
    // arguments (a loop-carried block argument could be any buffer).
    auto arg = dyn_cast<BlockArgument>(base);
    bool functionArg = arg && isa<func::FuncOp>(arg.getOwner()->getParentOp());
    allKnown &= functionArg || base.getDefiningOp<memref::AllocOp>();
  }
  // The LLVM arguments a distinct allocation becomes (its allocated and
  // aligned pointers: a ranked memref is passed as allocated pointer,
  // aligned pointer, offset, sizes, strides), for pcc-mark-noalias to mark
  // after the conversion to LLVM (which drops `llvm.noalias` on memrefs).
  SmallVector<int64_t> noalias;
  int64_t position = 1;
  for (auto [v, base] : llvm::zip(captured, bases)) {
    auto type = dyn_cast<MemRefType>(v.getType());
    if (!type) {
      ++position;
      continue;
    }
    if (allKnown && base.getDefiningOp<memref::AllocOp>() &&
        basesSeen[base] == 1) {
      noalias.push_back(position);
      noalias.push_back(position + 1);
    }
    position += 3 + 2 * type.getRank();
  }
  fn->setAttr(kNoAliasArgs, rewriter.getDenseI64ArrayAttr(noalias));
  Block *entry = fn.addEntryBlock();
  IRMapping mapping;
  mapping.map(loop.getInductionVars().front(), entry->getArgument(0));
  for (auto [i, v] : llvm::enumerate(captured))
    mapping.map(v, entry->getArgument(i + 1));
  std::function<void(OpBuilder &, unsigned)> inner = [&](OpBuilder &b,
                                                         unsigned d) {
    if (d == n) {
      for (Operation &op : loop.getBody()->without_terminator())
        b.clone(op, mapping);
      return;
    }
    scf::ForOp::create(b, loc, mapping.lookup(loop.getLowerBound()[d]),
                       mapping.lookup(loop.getUpperBound()[d]),
                       mapping.lookup(loop.getStep()[d]), ValueRange{},
                       [&](OpBuilder &b, Location, Value iv, ValueRange) {
                         mapping.map(loop.getInductionVars()[d], iv);
                         inner(b, d + 1);
                         scf::YieldOp::create(b, loc);
                       });
  };
  rewriter.setInsertionPointToStart(entry);
  inner(rewriter, 1);
  func::ReturnOp::create(rewriter, loc);

  // The parallel region.
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
  rewriter.setInsertionPointToStart(nestBody);
  SmallVector<Value> args = {nestBody->getArgument(0)};
  args.append(captured.begin(), captured.end());
  func::CallOp::create(rewriter, loc, fn, args);
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
    unsigned bodies = 0;
    llvm::DenseMap<Operation *, Value> threadsIn;
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
      // The thread count, read once per call of the function (at its
      // entry: not once per loop, or per step of an inference loop).
      auto parent = op->getParentOfType<func::FuncOp>();
      Value &threads = threadsIn[parent];
      if (!threads) {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPointToStart(&parent.getBody().front());
        threads = func::CallOp::create(rewriter, parent.getLoc(), threadsFn,
                                       ValueRange{})
                      .getResult(0);
      }
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
      toOpenMP(rewriter, parent, outer, threads32, bodies++);
    }
  }
};

struct PccMarkNoAlias : pcc::impl::PccMarkNoAliasBase<PccMarkNoAlias> {
  void runOnOperation() override {
    getOperation().walk([](LLVM::LLVMFuncOp fn) {
      auto positions = fn->getAttrOfType<DenseI64ArrayAttr>(kNoAliasArgs);
      if (!positions)
        return;
      for (int64_t p : positions.asArrayRef())
        if (p < int64_t(fn.getNumArguments()) &&
            isa<LLVM::LLVMPointerType>(fn.getArgument(p).getType()))
          fn.setArgAttr(p, LLVM::LLVMDialect::getNoAliasAttrName(),
                        UnitAttr::get(fn.getContext()));
      fn->removeAttr(kNoAliasArgs);
      fn.setLinkage(LLVM::Linkage::Internal);
    });
  }
};

} // namespace
