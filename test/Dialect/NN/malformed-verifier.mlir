// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// A file that parses but does not verify: the shape error is reported at the
// op with both shapes, and nothing is printed.

func.func @dense_shape_mismatch(%x: tensor<2x5xf32>, %w: tensor<4x3xf32>) -> tensor<2x3xf32> {
  // CHECK: {{.*}}malformed-verifier.mlir:[[@LINE+2]]:8: error: 'nn.dense' op expects weight of shape 5x3 to match input 2x5 but got 4x3
  // CHECK: {{.*}}malformed-verifier.mlir:[[@LINE+1]]:8: error: 'nn.dense' op failed to infer returned types
  %0 = nn.dense %x, %w : (tensor<2x5xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-NOT: func.func
// CHECK-NOT: Stack dump
// CHECK-NOT: Assertion
