//===- UniqueEmptyTensors.cpp - one tensor.empty per use ------------------===//
#include "pcc/Transforms/Passes.h"

namespace pcc {
#define GEN_PASS_DEF_PCCUNIQUEEMPTYTENSORS
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
} // namespace
