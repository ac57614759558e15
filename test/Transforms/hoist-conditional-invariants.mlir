// RUN: pcc-opt %s --pcc-hoist-conditional-invariants | FileCheck %s

// Pure ops inside an scf.if in a loop that read only values from outside
// the loop move before the loop; so do allocations that are not yielded.
// Ops reading loop values, and yielded allocations, stay.

// CHECK-LABEL: func.func @tensors
// CHECK-SAME: (%[[W:[^:]*]]: tensor<4x5xf32>,
// CHECK: %[[E:.*]] = tensor.empty() : tensor<5x4xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[W]] : tensor<4x5xf32>) outs(%[[E]] : tensor<5x4xf32>)
// CHECK: scf.for
// CHECK: scf.if
// CHECK-NOT: linalg.transpose
// CHECK: linalg.add ins(%{{.*}}, %[[T]]
func.func @tensors(%w: tensor<4x5xf32>, %x0: tensor<5x4xf32>, %n: index, %p: i1) -> tensor<5x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (tensor<5x4xf32>) {
    %y = scf.if %p -> (tensor<5x4xf32>) {
      %e = tensor.empty() : tensor<5x4xf32>
      %t = linalg.transpose ins(%w : tensor<4x5xf32>) outs(%e : tensor<5x4xf32>) permutation = [1, 0]
      %s = linalg.add ins(%x, %t : tensor<5x4xf32>, tensor<5x4xf32>) outs(%x : tensor<5x4xf32>) -> tensor<5x4xf32>
      scf.yield %s : tensor<5x4xf32>
    } else {
      scf.yield %x : tensor<5x4xf32>
    }
    scf.yield %y : tensor<5x4xf32>
  }
  return %r : tensor<5x4xf32>
}

// CHECK-LABEL: func.func @buffers
// CHECK: %[[TMP:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.for
// CHECK: scf.if
// CHECK-NOT: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.copy %{{.*}}, %[[TMP]]
// CHECK: memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK: scf.yield
func.func @buffers(%src: memref<?xf32>, %m: index, %n: index, %p: i1, %b0: memref<?xf64>) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%b = %b0) -> (memref<?xf64>) {
    %y = scf.if %p -> (memref<?xf64>) {
      %tmp = memref.alloc(%m) : memref<?xf32>
      memref.copy %src, %tmp : memref<?xf32> to memref<?xf32>
      // Yielded: every iteration needs its own.
      %out = memref.alloc(%m) : memref<?xf64>
      scf.yield %out : memref<?xf64>
    } else {
      scf.yield %b : memref<?xf64>
    }
    scf.yield %y : memref<?xf64>
  }
  return %r : memref<?xf64>
}

// An op reading the loop's induction variable stays.
// CHECK-LABEL: func.func @variant
// CHECK: scf.for %[[I:[^ ]*]] =
// CHECK: scf.if
// CHECK: arith.addi %[[I]]
func.func @variant(%n: index, %p: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (index) {
    %y = scf.if %p -> (index) {
      %s = arith.addi %i, %c1 : index
      scf.yield %s : index
    } else {
      scf.yield %a : index
    }
    scf.yield %y : index
  }
  return %r : index
}
