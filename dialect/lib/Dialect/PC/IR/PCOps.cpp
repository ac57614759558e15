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
  // I64Attr's accessor is unsigned: read the level as the signed value the
  // syntax wrote, or `level -1` would pass as 2^64 - 1.
  int64_t level = getLevelAttr().getInt();
  if (level < 0)
    return emitOpError("expects a level >= 0 but got ") << level;
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
  // Names identify nodes in logs and checkpoints: unique per function. Only
  // the later of two nodes with one name is reported, with a note at the
  // first.
  StringRef name = getName();
  for (Operation &other : (*this)->getBlock()->getOperations()) {
    if (&other == getOperation())
      break;
    if (auto node = dyn_cast<NodeOp>(other); node && node.getName() == name)
      return emitOpError("expects a unique node name but '")
                 .append(getName(), "' is already used")
                 .attachNote(node.getLoc())
             << "first used here";
  }
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

/// What defines `v`, for the "but got" part of a message.
static std::string describe(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    return ("block argument #" + Twine(arg.getArgNumber())).str();
  return ("a value defined by '" + v.getDefiningOp()->getName().getStringRef() +
          "'")
      .str();
}

LogicalResult ErrorOp::verify() {
  if (!getNode().getDefiningOp<NodeOp>())
    return emitOpError("expects a value defined by 'pc.node' but got ")
           << describe(getNode());
  return success();
}

LogicalResult EnergyOp::verify() {
  for (auto [i, e] : llvm::enumerate(getErrors()))
    if (!e.getDefiningOp<ErrorOp>())
      return emitOpError("expects error #")
             << i << " to be defined by 'pc.error' but got " << describe(e);
  auto t = cast<RankedTensorType>(getLoss().getType());
  if (t.getRank() != 0 || !isa<FloatType>(t.getElementType()))
    return emitOpError("expects a rank-0 float loss but got ") << t;
  return success();
}

LogicalResult LearnOp::verify() {
  auto node = getNode().getDefiningOp<NodeOp>();
  if (!node)
    return emitOpError("expects a value defined by 'pc.node' after 'by' but "
                       "got ")
           << describe(getNode());
  if (!llvm::is_contained(node.getInputs(), getParam()))
    return emitOpError("expects the parameter to be one of the inputs of "
                       "node '")
           << node.getName() << "' but got " << describe(getParam());
  // Signed, as for the level: `at_step -1` must not pass as 2^64 - 1.
  if (IntegerAttr step = getAtStepAttr(); step && step.getInt() < 1)
    return emitOpError("expects 'at_step' >= 1 but got ") << step.getInt();
  return success();
}
