//===- PCOps.cpp - pc op builders and verifiers ----------------------------===//
#include "pcc/Dialect/PC/IR/PC.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace pcc::pc;

#define GET_OP_CLASSES
#include "pcc/Dialect/PC/IR/PCOps.cpp.inc"

//===----------------------------------------------------------------------===//
// NodeOp
//===----------------------------------------------------------------------===//

void NodeOp::build(OpBuilder &b, OperationState &state, StringRef name,
                   int64_t level, ValueRange inputs, Type type) {
  state.addAttribute(getNameAttrName(state.name), b.getStringAttr(name));
  state.addAttribute(getLevelAttrName(state.name), b.getI64IntegerAttr(level));
  state.addOperands(inputs);
  state.addTypes(type);
  Region *region = state.addRegion();
  Block *block = new Block();
  region->push_back(block);
  for (Value v : inputs)
    block->addArgument(v.getType(), v.getLoc());
}

Value NodeOp::getPredictionValue() {
  return cast<YieldOp>(getBody().getTerminator()).getValue();
}

LogicalResult NodeOp::verify() {
  if (getLevel() < 0)
    return emitOpError("expects a level >= 0 but got ") << getLevel();
  Block &body = getBody();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("expects one region argument per input (")
           << getInputs().size() << ") but got " << body.getNumArguments();
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(getInputs(), body.getArguments()))) {
    auto [input, arg] = pair;
    if (input.getType() != arg.getType())
      return emitOpError("expects region argument #")
             << i << " to have the type of input #" << i << " ("
             << input.getType() << ") but got " << arg.getType();
  }
  // Names identify nodes in logs and checkpoints: unique per function.
  for (Operation &other : (*this)->getBlock()->getOperations())
    if (auto node = dyn_cast<NodeOp>(other);
        node && node != *this && node.getName() == getName())
      return emitOpError("expects a unique node name but '")
             << getName() << "' is used twice";
  return success();
}

LogicalResult YieldOp::verify() {
  auto node = cast<NodeOp>((*this)->getParentOp());
  if (getValue().getType() != node.getType())
    return emitOpError("expects the node's type ")
           << node.getType() << " but got " << getValue().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Error, energy, learn
//===----------------------------------------------------------------------===//

static bool isNode(Value v) { return v.getDefiningOp<NodeOp>() != nullptr; }

LogicalResult ErrorOp::verify() {
  if (!isNode(getNode()))
    return emitOpError("expects a value defined by 'pc.node'");
  return success();
}

LogicalResult EnergyOp::verify() {
  for (auto [i, e] : llvm::enumerate(getErrors()))
    if (!e.getDefiningOp<ErrorOp>())
      return emitOpError("expects error #") << i << " to be a 'pc.error'";
  auto t = cast<RankedTensorType>(getLoss().getType());
  if (t.getRank() != 0 || !isa<FloatType>(t.getElementType()))
    return emitOpError("expects a rank-0 float loss but got ") << t;
  return success();
}

LogicalResult LearnOp::verify() {
  auto node = getNode().getDefiningOp<NodeOp>();
  if (!node)
    return emitOpError("expects a value defined by 'pc.node' after 'by'");
  if (!llvm::is_contained(node.getInputs(), getParam()))
    return emitOpError("expects the parameter to be an input of node '")
           << node.getName() << "'";
  if (auto step = getAtStep(); step && *step < 1)
    return emitOpError("expects 'at_step' >= 1 but got ") << *step;
  return success();
}
