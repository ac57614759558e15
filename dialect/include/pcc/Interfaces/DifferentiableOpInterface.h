//===- DifferentiableOpInterface.h - local derivative rules ----*- C++ -*-===//
#ifndef PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_H
#define PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OpDefinition.h"

#include "pcc/Interfaces/DifferentiableOpInterface.h.inc"

#endif // PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_H
