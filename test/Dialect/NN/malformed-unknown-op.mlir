// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// An op name the nn dialect does not define, in the custom syntax.

func.func @unknown_nn_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: {{.*}}malformed-unknown-op.mlir:[[@LINE+1]]:8: error: custom op 'nn.frobnicate' is unknown
  %0 = nn.frobnicate %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-NOT: Stack dump
// CHECK-NOT: Assertion
