//===- pcc-opt.cpp - the opt tool for pcc's dialects and passes -----------===//
//
// Parses, verifies, transforms and prints IR; the tool every lit test of a
// transformation drives.
//
//===----------------------------------------------------------------------===//
#include "pcc/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  pcc::registerAllDialects(registry);
  pcc::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "pcc optimizer driver\n", registry));
}
