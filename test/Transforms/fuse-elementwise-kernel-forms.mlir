// RUN: pcc-opt %s --pcc-fuse-elementwise | FileCheck %s

// Elementwise producers with one use are fused into their consumers, as by
// upstream's linalg-fuse-elementwise-ops, except into a generic of a
// runtime-kernel form (here the convolution filter gradient): that keeps
// its multiply-accumulate body, so that it still becomes a kernel call.

#id = affine_map<(n, f, h, w) -> (n, f, h, w)>
#gF = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, f, oh, ow)>
#xF = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, c, oh + kh, ow + kw)>
#dwF = affine_map<(f, c, kh, kw, n, oh, ow) -> (f, c, kh, kw)>

// CHECK-LABEL: func.func @mask_not_fused_into_grad_filter
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x4x3x3xf32>, tensor<2x4x3x3xf32>)
// CHECK: arith.select
// CHECK: linalg.generic {{.*}} ins(%[[M]], %{{.*}} : tensor<2x4x3x3xf32>, tensor<2x3x5x5xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: arith.mulf %[[A]], %[[B]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
func.func @mask_not_fused_into_grad_filter(%e: tensor<2x4x3x3xf32>, %pre: tensor<2x4x3x3xf32>, %x: tensor<2x3x5x5xf32>, %dw: tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %g = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %pre : tensor<2x4x3x3xf32>, tensor<2x4x3x3xf32>) outs(%init : tensor<2x4x3x3xf32>) {
  ^bb0(%a: f32, %p: f32, %o: f32):
    %pos = arith.cmpf ogt, %p, %zero : f32
    %r = arith.select %pos, %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x4x3x3xf32>
  %r = linalg.generic {indexing_maps = [#gF, #xF, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : tensor<2x4x3x3xf32>, tensor<2x3x5x5xf32>) outs(%dw : tensor<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x3x3x3xf32>
  return %r : tensor<4x3x3x3xf32>
}

// The same mask feeding an ordinary elementwise op is fused into it.
// CHECK-LABEL: func.func @mask_fused_into_elementwise
// CHECK: linalg.generic
// CHECK: arith.select
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @mask_fused_into_elementwise(%e: tensor<2x4x3x3xf32>, %pre: tensor<2x4x3x3xf32>) -> tensor<2x4x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %g = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %pre : tensor<2x4x3x3xf32>, tensor<2x4x3x3xf32>) outs(%init : tensor<2x4x3x3xf32>) {
  ^bb0(%a: f32, %p: f32, %o: f32):
    %pos = arith.cmpf ogt, %p, %zero : f32
    %r = arith.select %pos, %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x4x3x3xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%g : tensor<2x4x3x3xf32>) outs(%init : tensor<2x4x3x3xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %a : f32
    linalg.yield %m : f32
  } -> tensor<2x4x3x3xf32>
  return %sq : tensor<2x4x3x3xf32>
}

// A reshape of a matmul's result is not propagated into the matmul (it
// would become a generic contraction that no GEMM kernel runs); upstream's
// pass expands it into a 5-loop generic.
// CHECK-LABEL: func.func @matmul_then_expand
// CHECK: %[[M:.*]] = linalg.matmul
// CHECK: tensor.expand_shape %[[M]]
// CHECK-NOT: linalg.generic
func.func @matmul_then_expand(%a: tensor<8x120xf32>, %b: tensor<120x256xf32>) -> tensor<8x16x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<8x256xf32>
  %z = linalg.fill ins(%zero : f32) outs(%init : tensor<8x256xf32>) -> tensor<8x256xf32>
  %m = linalg.matmul ins(%a, %b : tensor<8x120xf32>, tensor<120x256xf32>) outs(%z : tensor<8x256xf32>) -> tensor<8x256xf32>
  %e = tensor.expand_shape %m [[0], [1, 2, 3]] output_shape [8, 16, 4, 4] : tensor<8x256xf32> into tensor<8x16x4x4xf32>
  return %e : tensor<8x16x4x4xf32>
}
