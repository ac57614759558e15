//===- FoldIterArgDims.cpp - sizes of shape-preserving iter_args ----------===//
#include "pcc/Transforms/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace pcc {
#define GEN_PASS_DEF_PCCFOLDITERARGDIMS
#include "pcc/Transforms/Passes.h.inc"
} // namespace pcc

using namespace mlir;

namespace {
/// True if `v` is `arg`, or is produced into it by destination-passing ops
/// or `tensor.insert_slice`, or is an `scf.if` result that is so in both
/// branches.
bool writtenInto(Value v, Value arg, unsigned depth = 0) {
  for (; depth < 64; ++depth) {
    if (v == arg)
      return true;
    auto result = dyn_cast<OpResult>(v);
    if (!result)
      return false;
    Operation *op = result.getOwner();
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
      v = insert.getDest();
      continue;
    }
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op)) {
      v = dps.getTiedOpOperand(result)->get();
      continue;
    }
    if (auto branch = dyn_cast<scf::IfOp>(op)) {
      unsigned n = result.getResultNumber();
      return branch.elseBlock() &&
             writtenInto(branch.thenYield().getOperand(n), arg, depth + 1) &&
             writtenInto(branch.elseYield().getOperand(n), arg, depth + 1);
    }
    return false;
  }
  return false;
}

/// True if every iteration yields a value of the iter_arg's own shape.
bool preservesShape(scf::ForOp loop, unsigned i) {
  return writtenInto(loop.getYieldedValues()[i], loop.getRegionIterArgs()[i]);
}

struct FoldIterArgDimsPass
    : pcc::impl::PccFoldIterArgDimsBase<FoldIterArgDimsPass> {
  void runOnOperation() override {
    getOperation()->walk([](scf::ForOp loop) {
      for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i) {
        BlockArgument arg = loop.getRegionIterArgs()[i];
        if (!isa<RankedTensorType>(arg.getType()) || !preservesShape(loop, i))
          continue;
        SmallVector<tensor::DimOp> dims;
        for (Operation *user : arg.getUsers())
          if (auto dim = dyn_cast<tensor::DimOp>(user))
            dims.push_back(dim);
        for (tensor::DimOp dim : dims) {
          // Constant dimension indices only (all that lowering creates).
          std::optional<int64_t> index = dim.getConstantIndex();
          if (!index)
            continue;
          OpBuilder b(loop);
          Value hoisted = tensor::DimOp::create(
              b, dim.getLoc(), loop.getInitArgs()[i], *index);
          dim.replaceAllUsesWith(hoisted);
          dim.erase();
        }
      }
    });
  }
};
} // namespace
