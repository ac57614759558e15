// RUN: pcc-opt %s --convert-linalg-to-runtime -verify-diagnostics

// A user function that takes a runtime kernel's name with another type is
// reported, not called with mismatched operands.

// expected-error @+1 {{'pcc_rt_matmul_f32' is reserved for the pcc runtime kernel of type}}
func.func private @pcc_rt_matmul_f32(i32)

func.func @mm(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %c: memref<2x4xf32>) {
  linalg.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%c : memref<2x4xf32>)
  return
}
