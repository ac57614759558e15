// RUN: pcc-opt %s --pcc-fill-at-uses | FileCheck %s

// A fill hoisted out of a loop that a GEMM in the loop accumulates into:
// the GEMM gets its own fill, in the loop (bufferization would otherwise
// copy the filled buffer into the GEMM's every iteration). The generic
// that only reads the fill keeps the original, outside the loop.

// CHECK-LABEL: func.func @gemm_in_loop
// CHECK: %[[ZERO:.*]] = linalg.fill
// CHECK: scf.for
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x8xf32>
// CHECK-NEXT: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x8xf32>)
// CHECK-NEXT: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4x8xf32>) outs(%[[F]] : tensor<?x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[ZERO]] : tensor<?x8xf32>, tensor<?x8xf32>)
func.func @gemm_in_loop(%a: tensor<?x4xf32>, %b: tensor<4x8xf32>, %n: index) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %rows = tensor.dim %a, %c0 : tensor<?x4xf32>
  %e = tensor.empty(%rows) : tensor<?x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %e) -> tensor<?x8xf32> {
    %p = linalg.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x8xf32>) outs(%z : tensor<?x8xf32>) -> tensor<?x8xf32>
    %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%p, %z : tensor<?x8xf32>, tensor<?x8xf32>) outs(%acc : tensor<?x8xf32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %t = arith.addf %x, %y : f32
      linalg.yield %t : f32
    } -> tensor<?x8xf32>
    scf.yield %s : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}

// -----

// Two loop-carried states that start from one fill: each gets its own.

// CHECK-LABEL: func.func @states
// CHECK: %[[F1:.*]] = linalg.fill
// CHECK: %[[F2:.*]] = linalg.fill
// CHECK-NEXT: scf.for {{.*}} iter_args(%{{.*}} = %[[F2]], %{{.*}} = %[[F1]])
// CHECK-NOT: linalg.fill
func.func @states(%n: index) -> (tensor<16xf32>, tensor<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%u = %z, %v = %z) -> (tensor<16xf32>, tensor<16xf32>) {
    scf.yield %v, %u : tensor<16xf32>, tensor<16xf32>
  }
  return %r#0, %r#1 : tensor<16xf32>, tensor<16xf32>
}

// -----

// One writer in the fill's own block: left alone.

// CHECK-LABEL: func.func @in_place
// CHECK-COUNT-1: linalg.fill
// CHECK-NOT: linalg.fill
func.func @in_place(%a: tensor<2x4xf32>, %b: tensor<4x8xf32>) -> tensor<2x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %p = linalg.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x8xf32>) outs(%z : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %p : tensor<2x8xf32>
}

// -----

// A bias broadcast to the batch that a GEMM in a loop accumulates into is
// broadcast again right before the GEMM; a generic that reads a tensor of
// its own size is not a broadcast and stays where it is.

// CHECK-LABEL: func.func @bias_in_loop
// CHECK: scf.for
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x8xf32>
// CHECK-NEXT: %[[B:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf32>) outs(%[[E]] : tensor<?x8xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4x8xf32>) outs(%[[B]] : tensor<?x8xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4x8xf32>) outs(%[[NEG:.*]] : tensor<?x8xf32>)
func.func @bias_in_loop(%a: tensor<?x4xf32>, %w: tensor<4x8xf32>, %bias: tensor<8xf32>, %m: tensor<?x8xf32>, %n: index) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %a, %c0 : tensor<?x4xf32>
  %e = tensor.empty(%rows) : tensor<?x8xf32>
  %bb = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%bias : tensor<8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<?x8xf32>
  %e2 = tensor.empty(%rows) : tensor<?x8xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
      ins(%m : tensor<?x8xf32>) outs(%e2 : tensor<?x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.negf %x : f32
    linalg.yield %y : f32
  } -> tensor<?x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %m) -> tensor<?x8xf32> {
    %p = linalg.matmul ins(%a, %w : tensor<?x4xf32>, tensor<4x8xf32>) outs(%bb : tensor<?x8xf32>) -> tensor<?x8xf32>
    %q = linalg.matmul ins(%a, %w : tensor<?x4xf32>, tensor<4x8xf32>) outs(%neg : tensor<?x8xf32>) -> tensor<?x8xf32>
    %s = arith.addf %p, %q : tensor<?x8xf32>
    scf.yield %s : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}
