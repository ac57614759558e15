// RUN: not pcc-opt %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump" --implicit-check-not=Assertion

// An op of a dialect pcc-opt does not register; the note lists the dialects
// that are available, nn among them.

func.func @unknown_dialect(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: {{.*}}malformed-unknown-dialect.mlir:[[@LINE+2]]:8: error: Dialect `acme' not found for custom op 'acme.widget'
  // CHECK: note: Available dialects: {{.*}}linalg{{.*}} nn,
  %0 = acme.widget %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-NOT: Stack dump
// CHECK-NOT: Assertion
