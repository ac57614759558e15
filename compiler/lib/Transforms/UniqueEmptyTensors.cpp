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

struct FillAtUsesPass : pcc::impl::PccFillAtUsesBase<FillAtUsesPass> {
  void runOnOperation() override {
    SmallVector<linalg::FillOp> fills;
    getOperation()->walk([&](linalg::FillOp f) {
      if (f.hasPureTensorSemantics() &&
          f.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
        fills.push_back(f);
    });
    for (linalg::FillOp fill : fills) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : fill->getResult(0).getUses())
        if (writesInto(use))
          uses.push_back(&use);
      // One writer in the fill's own block: it writes into the fill's
      // buffer in place already.
      if (uses.size() == 1 && fill->getResult(0).hasOneUse() &&
          uses[0]->getOwner()->getBlock() == fill->getBlock())
        continue;
      auto empty = fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>();
      for (OpOperand *use : uses) {
        OpBuilder b(use->getOwner());
        Operation *init = b.clone(*empty);
        IRMapping mapping;
        mapping.map(empty.getResult(), init->getResult(0));
        use->set(b.clone(*fill, mapping)->getResult(0));
      }
      if (fill->use_empty())
        fill->erase();
    }
  }
};
} // namespace
