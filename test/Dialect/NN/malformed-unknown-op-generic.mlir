// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// An op name the nn dialect does not define, in the generic syntax: the nn
// dialect does not accept unknown ops.

func.func @unknown_nn_op_generic(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: {{.*}}malformed-unknown-op-generic.mlir:[[@LINE+1]]:8: error: unregistered operation 'nn.frobnicate' found in dialect ('nn') that does not allow unknown operations
  %0 = "nn.frobnicate"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-NOT: Stack dump
// CHECK-NOT: Assertion
