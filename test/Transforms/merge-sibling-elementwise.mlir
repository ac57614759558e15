// RUN: pcc-opt %s --pcc-merge-sibling-elementwise --split-input-file | FileCheck %s

// Two pointwise updates that read the same tensors merge into one generic
// at the second's place; the error they share (its only uses are in the
// merged op) is fused in and recomputed per element; the in-place inits
// stay.

#id = affine_map<(i) -> (i)>
#s = affine_map<(i) -> ()>

// CHECK-LABEL: func.func @relu_pair
// CHECK-SAME: (%[[XD:[a-z0-9]+]]: tensor<?xf32>, %[[XR:[a-z0-9]+]]: tensor<?xf32>, %[[G:[a-z0-9]+]]: tensor<?xf32>, %[[ETA:[a-z0-9]+]]: tensor<f32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[M:.*]]:2 = linalg.generic
// CHECK-SAME: outs(%[[XD]], %[[XR]] : tensor<?xf32>, tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK-NOT: arith.maximumf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: return %[[M]]#0, %[[M]]#1
func.func @relu_pair(%xd: tensor<?xf32>, %xr: tensor<?xf32>, %g: tensor<?xf32>, %eta: tensor<f32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %xd, %c0 : tensor<?xf32>
  %empty = tensor.empty(%n) : tensor<?xf32>
  %e = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%xr, %xd : tensor<?xf32>, tensor<?xf32>) outs(%empty : tensor<?xf32>) {
  ^bb0(%r: f32, %d: f32, %o: f32):
    %m = arith.maximumf %d, %zero : f32
    %v = arith.subf %r, %m : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  %nd = linalg.generic {indexing_maps = [#id, #s, #id, #id], iterator_types = ["parallel"]} ins(%xd, %eta, %e : tensor<?xf32>, tensor<f32>, tensor<?xf32>) outs(%xd : tensor<?xf32>) {
  ^bb0(%d: f32, %h: f32, %v: f32, %o: f32):
    %p = arith.cmpf ogt, %d, %zero : f32
    %s = arith.select %p, %v, %zero : f32
    %u = arith.mulf %h, %s : f32
    %w = arith.addf %d, %u : f32
    linalg.yield %w : f32
  } -> tensor<?xf32>
  %nr = linalg.generic {indexing_maps = [#id, #s, #id, #id, #id], iterator_types = ["parallel"]} ins(%xr, %eta, %e, %g : tensor<?xf32>, tensor<f32>, tensor<?xf32>, tensor<?xf32>) outs(%xr : tensor<?xf32>) {
  ^bb0(%r: f32, %h: f32, %v: f32, %gg: f32, %o: f32):
    %a = arith.subf %v, %gg : f32
    %u = arith.mulf %h, %a : f32
    %w = arith.subf %r, %u : f32
    linalg.yield %w : f32
  } -> tensor<?xf32>
  return %nd, %nr : tensor<?xf32>, tensor<?xf32>
}

// -----

// The first op's result is read before the second: no merge.
#id = affine_map<(i) -> (i)>
// CHECK-LABEL: func.func @used_between
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: linalg.generic
func.func @used_between(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<8xf32>) outs(%b : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<8xf32>
  %s = tensor.extract_slice %p[0] [4] [1] : tensor<8xf32> to tensor<4xf32>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<8xf32>) outs(%a : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.addf %x, %x : f32
    linalg.yield %y : f32
  } -> tensor<8xf32>
  %i = tensor.insert_slice %s into %q[0] [4] [1] : tensor<4xf32> into tensor<8xf32>
  return %p, %i : tensor<8xf32>, tensor<8xf32>
}

// -----

// No tensor read by both (only the scalar), a broadcast read, and a
// reduction: none of these merge.
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#red = affine_map<(i, j) -> (i)>
#s = affine_map<(i, j) -> ()>
// CHECK-LABEL: func.func @no_merge
// CHECK-COUNT-4: linalg.generic
// CHECK-NOT: linalg.generic
func.func @no_merge(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %bias: tensor<8xf32>, %h: tensor<f32>, %acc: tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>) {
  %1 = linalg.generic {indexing_maps = [#id, #s, #id], iterator_types = ["parallel", "parallel"]} ins(%a, %h : tensor<4x8xf32>, tensor<f32>) outs(%a : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.mulf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %2 = linalg.generic {indexing_maps = [#id, #s, #id], iterator_types = ["parallel", "parallel"]} ins(%b, %h : tensor<4x8xf32>, tensor<f32>) outs(%b : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %3 = linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<8xf32>) outs(%a : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.addf %x, %o : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %4 = linalg.generic {indexing_maps = [#id, #red], iterator_types = ["parallel", "reduction"]} ins(%a : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.addf %x, %o : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  return %1, %2, %3, %4 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>
}
