// RUN: pcc-opt %s --pcc-flatten-elementwise --canonicalize | FileCheck %s

// Elementwise generics with identity maps become one loop over every
// element (collapse, rank-1 generic, expand); at most one dynamic size per
// collapsed group. Other generics are left alone.

#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#bcast = affine_map<(a, b, c, d) -> (b)>

// CHECK-LABEL: func.func @static_nchw
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<?x6x24x24xf32> into tensor<?xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]}
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] {{.*}} : tensor<?xf32> into tensor<?x6x24x24xf32>
func.func @static_nchw(%a: tensor<?x6x24x24xf32>, %b: tensor<?x6x24x24xf32>) -> tensor<?x6x24x24xf32> {
  %r = linalg.generic {indexing_maps = [#id4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<?x6x24x24xf32>, tensor<?x6x24x24xf32>) outs(%a : tensor<?x6x24x24xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<?x6x24x24xf32>
  return %r : tensor<?x6x24x24xf32>
}

// CHECK-LABEL: func.func @two_dynamic
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<?x2x?x?xf32> into tensor<?x?x?xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]}
func.func @two_dynamic(%a: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a : tensor<?x2x?x?xf32>) outs(%a : tensor<?x2x?x?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.mulf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<?x2x?x?xf32>
  return %r : tensor<?x2x?x?xf32>
}

// A broadcast operand (non-identity map) keeps the nest.
// CHECK-LABEL: func.func @broadcast
// CHECK-NOT: collapse_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
func.func @broadcast(%a: tensor<?x6x24x24xf32>, %b: tensor<6xf32>) -> tensor<?x6x24x24xf32> {
  %r = linalg.generic {indexing_maps = [#id4, #bcast, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<?x6x24x24xf32>, tensor<6xf32>) outs(%a : tensor<?x6x24x24xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<?x6x24x24xf32>
  return %r : tensor<?x6x24x24xf32>
}
