// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// A syntax error is reported once, at its file, line and column, and the tool
// exits with an error instead of crashing.

func.func @missing_angle_bracket(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: {{.*}}malformed-syntax.mlir:[[@LINE+1]]:33: error: expected '>' in tensor type
  %0 = nn.relu %x : tensor<4xf32
  return %0 : tensor<4xf32>
}

// CHECK-NOT: Stack dump
// CHECK-NOT: Assertion
