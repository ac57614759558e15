// RUN: pcc-opt %s --pcc-fold-state-copies | FileCheck %s

// The copy of an updated state into its old tensor (how pc-lower-inference
// ends an inference step) folds into the update when nothing reads the old
// state after it; otherwise the copy stays.

#id = affine_map<(i, j) -> (i, j)>

// CHECK-LABEL: func.func @folds
// CHECK: scf.for {{.*}} iter_args(%[[E:.*]] = %{{.*}}, %[[F:.*]] = %{{.*}})
// f is read by e's update after its own update: its copy stays.
// CHECK: %[[EMPTY:.*]] = tensor.empty
// CHECK: %[[NF:.*]] = linalg.generic {{.*}} ins(%[[F]] : {{.*}}) outs(%[[EMPTY]] : tensor<4x8xf32>)
// The update of e reads e and f; nothing reads e afterwards: in place.
// CHECK: %[[NE:.*]] = linalg.generic {{.*}} ins(%[[E]], %[[F]] : {{.*}}) outs(%[[E]] : tensor<4x8xf32>)
// CHECK: %[[CF:.*]] = linalg.copy ins(%[[NF]] : tensor<4x8xf32>) outs(%[[F]] : tensor<4x8xf32>)
// CHECK: scf.yield %[[NE]], %[[CF]]
func.func @folds(%e0: tensor<4x8xf32>, %f0: tensor<4x8xf32>, %n: index) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%e = %e0, %f = %f0) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
    %empty = tensor.empty() : tensor<4x8xf32>
    %nf = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%f : tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
    ^bb0(%a: f32, %o: f32):
      %m = arith.mulf %a, %a : f32
      linalg.yield %m : f32
    } -> tensor<4x8xf32>
    %ne = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%e, %f : tensor<4x8xf32>, tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    } -> tensor<4x8xf32>
    %ce = linalg.copy ins(%ne : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
    %cf = linalg.copy ins(%nf : tensor<4x8xf32>) outs(%f : tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.yield %ce, %cf : tensor<4x8xf32>, tensor<4x8xf32>
  }
  return %r#0, %r#1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// An update that reads its own init (an accumulation) is not folded.
// CHECK-LABEL: func.func @reads_init
// CHECK: linalg.copy
func.func @reads_init(%e: tensor<4x8xf32>, %acc: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %ne = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%e : tensor<4x8xf32>) outs(%acc : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %c = linalg.copy ins(%ne : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
