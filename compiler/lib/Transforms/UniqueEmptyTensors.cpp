//===- UniqueEmptyTensors.cpp - one tensor.empty per use ------------------===//
#include "pcc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace pcc {
#define GEN_PASS_DEF_PCCUNIQUEEMPTYTENSORS
#define GEN_PASS_DEF_PCCFILLATUSES
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {
struct UniqueEmptyTensorsPass
    : pcc::impl::PccUniqueEmptyTensorsBase<UniqueEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation()->walk([&](tensor::EmptyOp e) { empties.push_back(e); });
    for (tensor::EmptyOp e : empties) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : e->getUses())
        uses.push_back(&use);
      if (uses.size() < 2)
        continue; // (an unused tensor.empty is left to the canonicalizer)
      // The first use keeps the original; every other one gets a copy
      // right before its user, or, for a user nested in a region (a loop,
      // an scf.if), before the op in the original's block that holds it:
      // a tensor hoisted out of a loop stays out of it.
      for (OpOperand *use : llvm::drop_begin(uses)) {
        Operation *at = e->getBlock()->findAncestorOpInBlock(*use->getOwner());
        OpBuilder b(at ? at : use->getOwner());
        use->set(b.clone(*e)->getResult(0));
      }
    }
  }
};

/// Whether `use` makes its user write into the tensor (a destination of a
/// destination-style op, or the initial value of a loop-carried tensor):
/// such a use needs a buffer of its own that starts with the fill.
bool writesInto(OpOperand &use) {
  Operation *user = use.getOwner();
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(user))
    return dps.isDpsInit(&use);
  if (auto loop = dyn_cast<scf::ForOp>(user))
    return llvm::is_contained(loop.getInitArgsMutable(), use);
  return false;
}

/// An op that makes a tensor from much less data than it writes: a
/// linalg.fill, or an all-parallel linalg.generic (one result, identity
/// output map) that broadcasts every input (each input map names fewer
/// loops than there are) and does not read its init. Writing it again at
/// each use costs a write of the tensor, where a copy of it costs a read
/// and a write. Its init must be a tensor.empty.
tensor::EmptyOp generatorInit(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1)
    return nullptr;
  auto empty = op.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>();
  if (!empty || isa<linalg::FillOp>(op.getOperation()))
    return empty;
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumParallelLoops() != generic.getNumLoops() ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity() ||
      generic.payloadUsesValueFromOperand(generic.getDpsInitOperand(0)) ||
      generic.hasIndexSemantics())
    return nullptr;
  for (OpOperand *in : generic.getDpsInputOperands())
    if (generic.getMatchingIndexingMap(in).getNumResults() >=
        generic.getNumLoops())
      return nullptr;
  return empty;
}

struct FillAtUsesPass : pcc::impl::PccFillAtUsesBase<FillAtUsesPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> generators;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (generatorInit(op))
        generators.push_back(op);
    });
    for (linalg::LinalgOp op : generators) {
      Value result = op->getResult(0);
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : result.getUses())
        if (writesInto(use))
          uses.push_back(&use);
      // One writer in the generator's own block: it writes into the
      // generator's buffer in place already.
      if (uses.empty() ||
          (uses.size() == 1 && result.hasOneUse() &&
           uses[0]->getOwner()->getBlock() == op->getBlock()))
        continue;
      tensor::EmptyOp empty = generatorInit(op);
      for (OpOperand *use : uses) {
        OpBuilder b(use->getOwner());
        Operation *init = b.clone(*empty);
        IRMapping mapping;
        mapping.map(empty.getResult(), init->getResult(0));
        use->set(b.clone(*op, mapping)->getResult(0));
      }
      if (op->use_empty())
        op->erase();
    }
  }
};
} // namespace
