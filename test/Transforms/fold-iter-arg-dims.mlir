// RUN: pcc-opt %s --pcc-fold-iter-arg-dims | FileCheck %s

// The loop writes its new state into the iter_arg (linalg.copy outs), so
// the iter_arg's size is the initial value's: the dim is read before the
// loop.
// CHECK-LABEL: func.func @copy_into_iter_arg
// CHECK-SAME: (%[[INIT:.*]]: tensor<?x8xf32>, %[[NEW:.*]]: tensor<?x8xf32>,
// CHECK: %[[D:.*]] = tensor.dim %[[INIT]], %{{.*}} : tensor<?x8xf32>
// CHECK: scf.for
// CHECK-NOT: tensor.dim
// CHECK: tensor.empty(%[[D]])
func.func @copy_into_iter_arg(%init: tensor<?x8xf32>, %new: tensor<?x8xf32>, %n: index) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%e = %init) -> (tensor<?x8xf32>) {
    %d = tensor.dim %e, %c0 : tensor<?x8xf32>
    %t = tensor.empty(%d) : tensor<?x8xf32>
    %s = linalg.add ins(%new, %e : tensor<?x8xf32>, tensor<?x8xf32>) outs(%t : tensor<?x8xf32>) -> tensor<?x8xf32>
    %c = linalg.copy ins(%s : tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
    scf.yield %c : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}

// A freshly computed value of possibly another size is yielded: the dim
// stays in the loop.
// CHECK-LABEL: func.func @fresh_value
// CHECK: scf.for
// CHECK: tensor.dim %{{.*}}, %{{.*}} : tensor<?x8xf32>
func.func @fresh_value(%init: tensor<?x8xf32>, %n: index) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%e = %init) -> (tensor<?x8xf32>) {
    %d = tensor.dim %e, %c0 : tensor<?x8xf32>
    %d2 = arith.addi %d, %c1 : index
    %t = tensor.empty(%d2) : tensor<?x8xf32>
    scf.yield %t : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}

// The state is written into the iter_arg in one branch of an scf.if and
// kept in the other: the size is still the initial value's.
// CHECK-LABEL: func.func @through_if
// CHECK-SAME: (%[[INIT:[^:]*]]: tensor<?x8xf32>,
// CHECK: %[[D:.*]] = tensor.dim %[[INIT]], %{{.*}} : tensor<?x8xf32>
// CHECK: scf.for
// CHECK-NOT: tensor.dim
// CHECK: tensor.empty(%[[D]])
func.func @through_if(%init: tensor<?x8xf32>, %new: tensor<?x8xf32>, %n: index, %p: i1) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%e = %init) -> (tensor<?x8xf32>) {
    %y = scf.if %p -> (tensor<?x8xf32>) {
      %d = tensor.dim %e, %c0 : tensor<?x8xf32>
      %t = tensor.empty(%d) : tensor<?x8xf32>
      %s = linalg.add ins(%new, %e : tensor<?x8xf32>, tensor<?x8xf32>) outs(%t : tensor<?x8xf32>) -> tensor<?x8xf32>
      %c = linalg.copy ins(%s : tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
      scf.yield %c : tensor<?x8xf32>
    } else {
      scf.yield %e : tensor<?x8xf32>
    }
    scf.yield %y : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}

// One branch yields a fresh value: not shape-preserving, the dim stays.
// CHECK-LABEL: func.func @fresh_in_one_branch
// CHECK: scf.for
// CHECK: tensor.dim %{{.*}}, %{{.*}} : tensor<?x8xf32>
func.func @fresh_in_one_branch(%init: tensor<?x8xf32>, %n: index, %p: i1) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%e = %init) -> (tensor<?x8xf32>) {
    %d = tensor.dim %e, %c0 : tensor<?x8xf32>
    %y = scf.if %p -> (tensor<?x8xf32>) {
      %d2 = arith.addi %d, %c1 : index
      %t = tensor.empty(%d2) : tensor<?x8xf32>
      scf.yield %t : tensor<?x8xf32>
    } else {
      scf.yield %e : tensor<?x8xf32>
    }
    scf.yield %y : tensor<?x8xf32>
  }
  return %r : tensor<?x8xf32>
}
