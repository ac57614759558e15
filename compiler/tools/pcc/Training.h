//===- Training.h - the driver's training-model path ------------*- C++ -*-===//
//
// A model with a loss function `@loss` compiles to a training executable:
// backprop (nn-autodiff) and the chosen predictive-coding mode
// (convert-nn-to-pc, pc-lower-inference) are generated, parameters become
// arguments owned by the runtime (pcc-externalize-params), and the object
// gets packed entry points and a text description for the runtime's main.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TOOLS_PCC_TRAINING_H
#define PCC_TOOLS_PCC_TRAINING_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"

#include <string>

namespace pcc::driver {

struct TrainingOptions {
  std::string mode;        ///< backprop | strict | fixed-prediction | ...
  int64_t steps = 20;
  double eta = 0.1;
  std::string granularity; ///< op | layer
  std::string name = "model"; ///< shown by the executable's `info`
  bool closedForm = true;     ///< fixed-prediction solved, not iterated
  bool level = true;          ///< zero-divergence: level the graph
  bool skipUnchanged = true;  ///< strict/ZD: skip what has not moved yet
};

/// The functions the runtime calls, in the order of pcc_call_* wrappers.
extern const char *const kTrainingEntryPoints[4];

/// True if the module has a public loss function named @loss.
bool isTrainingModel(mlir::ModuleOp module);

/// Runs differentiation and the PC transformation. With `stopAtPC`, stops
/// after convert-nn-to-pc (for --emit=pc).
mlir::LogicalResult buildPCNetwork(mlir::ModuleOp module,
                                   const TrainingOptions &options);

/// Lowers the network to train/predict functions with parameters as
/// arguments, and describes them for the runtime in `info`.
mlir::LogicalResult buildTrainingFunctions(mlir::ModuleOp module,
                                           const TrainingOptions &options,
                                           std::string &info);

/// Adds `void pcc_call_<f>(void **args)` for each entry point (args[0]
/// points to the results when there are any, then one pointer per memref
/// descriptor argument) and the text constant `pcc_model_info`.
void addRuntimeInterface(llvm::Module &module, const std::string &info);

} // namespace pcc::driver

#endif // PCC_TOOLS_PCC_TRAINING_H
