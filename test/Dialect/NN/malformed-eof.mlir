// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// A file that ends inside a function body.

// CHECK: {{.*}}malformed-eof.mlir:[[@LINE+2]]:{{[0-9]+}}: error:
func.func @truncated(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.exp %x : tensor<4xf32>
