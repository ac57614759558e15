//===- HoistConditionalInvariants.cpp - loop invariants inside scf.if -----===//
#include "pcc/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace pcc {
#define GEN_PASS_DEF_PCCHOISTCONDITIONALINVARIANTS
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {

/// Whether `op` (with everything nested in it) reads only values defined
/// outside `loop`.
bool invariantIn(Operation *op, scf::ForOp loop) {
  auto outside = [&](Value v) {
    return !loop->isAncestor(v.getParentBlock()->getParentOp());
  };
  if (!llvm::all_of(op->getOperands(), outside))
    return false;
  for (Region &r : op->getRegions()) {
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(r, above);
    for (Value v : above)
      if (!outside(v) && !op->isAncestor(v.getParentBlock()->getParentOp()))
        return false;
  }
  return true;
}

/// Whether the buffer (or a view of it) is yielded or returned: then each
/// iteration needs its own, and the allocation must stay where it is.
bool escapes(Value buffer) {
  SmallVector<Value> worklist = {buffer};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      if (user->hasTrait<OpTrait::IsTerminator>())
        return true;
      if (isa<ViewLikeOpInterface, memref::CastOp, memref::CollapseShapeOp,
              memref::ExpandShapeOp, memref::ReinterpretCastOp>(user))
        for (Value r : user->getResults())
          worklist.push_back(r);
    }
  }
  return false;
}

/// What may leave an scf.if inside `loop`: a pure, speculatable op, or an
/// allocation that does not escape (after bufferization: each execution of
/// the branch then reuses one buffer, allocated before the loop).
bool hoistable(Operation *op) {
  if (auto alloc = dyn_cast<memref::AllocOp>(op))
    return !escapes(alloc.getResult());
  return isMemoryEffectFree(op) && isSpeculatable(op) &&
         !op->hasTrait<OpTrait::IsTerminator>();
}

struct PccHoistConditionalInvariants
    : pcc::impl::PccHoistConditionalInvariantsBase<
          PccHoistConditionalInvariants> {
  void runOnOperation() override {
    // Innermost loops first, so that what leaves an inner loop can then
    // leave an outer one.
    SmallVector<scf::ForOp> loops;
    getOperation()->walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      SmallVector<Operation *> candidates;
      loop.getBody()->walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (op->getParentOp() == loop || !isa<scf::IfOp>(op->getParentOp()))
          return WalkResult::advance();
        candidates.push_back(op);
        return WalkResult::advance();
      });
      // Pre-order: producers come before their users, so a chain of
      // invariant ops leaves together.
      for (Operation *op : candidates) {
        if (!hoistable(op) || !invariantIn(op, loop))
          continue;
        op->moveBefore(loop);
      }
    }
  }
};

} // namespace
