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
    // Read the value with its type's signedness (`200 : ui8` is 200), and
    // only where it fits in an int64_t (getSExtValue on a wider APInt
    // asserts, or silently truncates in a release build).
    auto i = dyn_cast<IntegerAttr>(attr.getValue());
    if (!i || i.getType().isInteger(1))
      return fail("must be an integer >= 1");
    const APInt &v = i.getValue();
    bool isUnsigned = i.getType().isUnsignedInteger();
    if (isUnsigned ? v.isZero() : !v.isStrictlyPositive())
      return fail("must be an integer >= 1");
    if (isUnsigned ? v.getActiveBits() > 63 : v.getSignificantBits() > 64)
      return fail("must be an integer < 2^63");
    return success();
  }
  if (name == kEtaAttr) {
    auto f = dyn_cast<FloatAttr>(attr.getValue());
    if (!f || !f.getValue().isFiniteNonZero() || f.getValue().isNegative())
      return fail("must be a finite float > 0");
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
