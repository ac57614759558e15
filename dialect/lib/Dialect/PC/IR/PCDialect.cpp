//===- PCDialect.cpp - pc dialect registration and verifiers ---------------===//
#include "pcc/Dialect/PC/IR/PC.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace pcc::pc;

#include "pcc/Dialect/PC/IR/PCDialect.cpp.inc"

void PCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "pcc/Dialect/PC/IR/PCOps.cpp.inc"
      >();
}

std::optional<Mode> pcc::pc::parseMode(StringRef name) {
  return llvm::StringSwitch<std::optional<Mode>>(name)
      .Case("strict", Mode::Strict)
      .Case("fixed-prediction", Mode::FixedPrediction)
      .Case("zero-divergence", Mode::ZeroDivergence)
      .Case("incremental", Mode::Incremental)
      .Default(std::nullopt);
}

StringRef pcc::pc::modeName(Mode mode) {
  switch (mode) {
  case Mode::Strict:
    return "strict";
  case Mode::FixedPrediction:
    return "fixed-prediction";
  case Mode::ZeroDivergence:
    return "zero-divergence";
  case Mode::Incremental:
    return "incremental";
  }
  llvm_unreachable("unknown mode");
}

/// The network settings on a function: `pc.mode`, `pc.steps`, `pc.eta`,
/// `pc.granularity`.
LogicalResult PCDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attr) {
  StringRef name = attr.getName().strref();
  if (!isa<FunctionOpInterface>(op))
    return op->emitError("'") << name << "' is only valid on a function";
  auto fail = [&](const Twine &what) {
    return op->emitError("'") << name << "' " << what << " but got "
                              << attr.getValue();
  };
  if (name == kModeAttr) {
    auto s = dyn_cast<StringAttr>(attr.getValue());
    if (!s || !parseMode(s.getValue()))
      return fail("must be \"strict\", \"fixed-prediction\", "
                  "\"zero-divergence\" or \"incremental\"");
    return success();
  }
  if (name == kStepsAttr) {
    auto i = dyn_cast<IntegerAttr>(attr.getValue());
    if (!i || i.getValue().getSExtValue() < 1)
      return fail("must be an integer >= 1");
    return success();
  }
  if (name == kEtaAttr) {
    auto f = dyn_cast<FloatAttr>(attr.getValue());
    if (!f || !(f.getValueAsDouble() > 0))
      return fail("must be a float > 0");
    return success();
  }
  if (name == kGranularityAttr) {
    auto s = dyn_cast<StringAttr>(attr.getValue());
    if (!s || (s.getValue() != "op" && s.getValue() != "layer"))
      return fail("must be \"op\" or \"layer\"");
    return success();
  }
  return op->emitError("unknown pc attribute '") << name << "'";
}
