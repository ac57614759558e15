//===- ParallelizeLoops.cpp - run large linalg loop nests on every thread --===//
//
// A linalg op on buffers whose outer loop is parallel and whose outer
// iterations write distinct elements becomes
//
//   scf.if (iterations >= min && threads > 1) {
//     func.call @<function>_fork<k>(threads, lb, ub, step, ...)
//   } else {
//     the op (lowered to loops later, as before)
//   }
//
//   func.func private @<function>_fork<k>(...) {
//     omp.parallel num_threads(threads) { omp.wsloop { omp.loop_nest (%i) {
//       func.call @<function>_parallel<k>(%i, ...)  // the rest, at %i
//     } } }
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

/// omp.parallel num_threads(args[0]) { omp.wsloop { omp.loop_nest (%i) =
/// (args[1]) to (args[2]) step (args[3]) { func.call @body(%i, args[4:]) }}}
/// at the rewriter's insertion point.
void buildParallelRegion(RewriterBase &rewriter, Location loc,
                         func::FuncOp body, ArrayRef<Value> args) {
  omp::ParallelOperands parallelClauses;
  parallelClauses.numThreads = args[0];
  auto parallel = omp::ParallelOp::create(rewriter, loc, parallelClauses);
  OpBuilder::InsertionGuard guard(rewriter);
  Block *parallelBody = rewriter.createBlock(&parallel.getRegion());
  rewriter.setInsertionPointToStart(parallelBody);
  auto wsloop = omp::WsloopOp::create(rewriter, loc, omp::WsloopOperands{});
  rewriter.createBlock(&wsloop.getRegion());
  omp::LoopNestOperands nestClauses;
  nestClauses.loopLowerBounds = {args[1]};
  nestClauses.loopUpperBounds = {args[2]};
  nestClauses.loopSteps = {args[3]};
  auto nest = omp::LoopNestOp::create(rewriter, loc, nestClauses);
  Block *nestBody = rewriter.createBlock(
      &nest.getRegion(), {}, {rewriter.getIndexType()}, {loc});
  rewriter.setInsertionPointToStart(nestBody);
  SmallVector<Value> callArgs = {nestBody->getArgument(0)};
  callArgs.append(args.begin() + 4, args.end());
  func::CallOp::create(rewriter, loc, body, callArgs);
  omp::YieldOp::create(rewriter, loc);
  rewriter.setInsertionPointToEnd(parallelBody);
  omp::TerminatorOp::create(rewriter, loc);
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
/// With `outOfLine`, the parallel region is a function of its own
/// (`<parent>_fork<index>`) that the loop's place calls: translating an
/// omp.parallel to LLVM IR outlines it from the function around it with
/// work proportional to that function's size, which for a function with
/// hundreds of regions (the unrolled LSTM's train step: 890 regions in 27k
/// ops) took half a minute; the call costs some code per region, worth it
/// from a few thousand ops on (the pass's out-of-line-min-ops).
void toOpenMP(RewriterBase &rewriter, func::FuncOp parent,
              scf::ParallelOp loop, Value threads, unsigned index,
              bool outOfLine) {
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

  SmallVector<Value> regionArgs = {threads, loop.getLowerBound().front(),
                                   loop.getUpperBound().front(),
                                   loop.getStep().front()};
  regionArgs.append(captured.begin(), captured.end());
  if (!outOfLine) {
    rewriter.setInsertionPoint(loop);
    buildParallelRegion(rewriter, loc, fn, regionArgs);
    rewriter.eraseOp(loop);
    return;
  }
  // The region in a function of its own, which the loop's place calls.
  SmallVector<Type> forkTypes;
  for (Value v : regionArgs)
    forkTypes.push_back(v.getType());
  rewriter.setInsertionPoint(parent);
  auto fork = func::FuncOp::create(
      rewriter, loc, (parent.getName() + "_fork" + Twine(index)).str(),
      rewriter.getFunctionType(forkTypes, {}));
  fork.setPrivate();
  // Internal and kept out of line: inlining hundreds of them back would
  // only give LLVM's optimiser bigger functions, for no speed (a call
  // costs nothing next to starting the threads).
  fork->setAttr("passthrough",
                rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));
  fork->setAttr("llvm.linkage",
                LLVM::LinkageAttr::get(rewriter.getContext(),
                                       LLVM::Linkage::Internal));
  Block *forkEntry = fork.addEntryBlock();
  rewriter.setInsertionPointToStart(forkEntry);
  buildParallelRegion(rewriter, loc, fn,
                      llvm::to_vector_of<Value>(forkEntry->getArguments()));
  func::ReturnOp::create(rewriter, loc);
  rewriter.setInsertionPoint(loop);
  func::CallOp::create(rewriter, loc, fork, regionArgs);
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

    // Out-of-line regions in functions where the in-place translation
    // would cost more: it takes time proportional to the function's ops for
    // each region (about 3 us per op measured), an out-of-line region some
    // milliseconds of code generation.
    llvm::DenseSet<Operation *> outOfLine;
    for (linalg::LinalgOp op : candidates) {
      auto fn = op->getParentOfType<func::FuncOp>();
      int64_t ops = 0;
      if (!outOfLine.contains(fn) &&
          fn->walk([&](Operation *) {
              return ++ops >= outOfLineMinOps ? WalkResult::interrupt()
                                                : WalkResult::advance();
            }).wasInterrupted())
        outOfLine.insert(fn);
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
      toOpenMP(rewriter, parent, outer, threads32, bodies++,
               outOfLine.contains(parent));
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
