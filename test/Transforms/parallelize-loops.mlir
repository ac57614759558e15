// RUN: pcc-opt %s --pcc-parallelize-loops --split-input-file | FileCheck %s
// RUN: pcc-opt %s --pcc-parallelize-loops=min-iterations=1000 --split-input-file | FileCheck --check-prefix=MIN %s

// An elementwise op: a parallel version over its one loop, run when the
// loop has at least min-iterations iterations and the runtime has more
// than one thread; otherwise the op as it was.

// CHECK-LABEL: func.func private @pcc_rt_get_num_threads() -> i64
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<?xf32>, %[[B:.*]]: memref<?xf32>)
// CHECK: %[[N:.*]] = memref.dim %[[A]]
// CHECK: %[[ITERS:.*]] = arith.muli %{{.*}}, %[[N]]
// CHECK: %[[T:.*]] = call @pcc_rt_get_num_threads() : () -> i64
// CHECK: %[[BIG:.*]] = arith.cmpi sge, %[[ITERS]], %c32768
// CHECK: %[[SEVERAL:.*]] = arith.cmpi sgt, %[[T]], %c1_i64
// CHECK: %[[COND:.*]] = arith.andi %[[BIG]], %[[SEVERAL]]
// CHECK: scf.if %[[COND]] {
// CHECK: %[[T32:.*]] = arith.trunci %[[T]] : i64 to i32
// CHECK: omp.parallel num_threads(%[[T32]] : i32) {
// CHECK-NEXT: omp.wsloop {
// CHECK-NEXT: omp.loop_nest (%[[I:.*]]) : index = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT: %[[IA:.*]] = affine.apply #{{.*}}(%[[I]])
// CHECK-NEXT: %[[X:.*]] = memref.load %[[A]][%[[IA]]]
// CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[X]]
// CHECK-NEXT: memref.store %[[Y]], %[[B]]
// CHECK-NEXT: omp.yield
// CHECK: omp.terminator
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// MIN: arith.cmpi sge, %{{.*}}, %c1000
func.func @elementwise(%a: memref<?xf32>, %b: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%a : memref<?xf32>) outs(%b : memref<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  }
  return
}

// -----

// Two parallel loops (a row broadcast): the threads share the rows; each
// runs the inner loop of its rows. The iterations counted are all of the
// nest's. A row reduction stays serial.

// CHECK-LABEL: func.func @rows
// CHECK: arith.muli
// CHECK: arith.muli
// CHECK: scf.if
// CHECK: omp.loop_nest (%[[R:.*]]) : index
// CHECK-NEXT: scf.parallel (%[[C:.*]]) =
// CHECK: affine.apply #{{.*}}(%[[C]])
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
func.func @rows(%m: memref<?x?xf32>, %v: memref<?xf32>, %out: memref<?x?xf32>,
                %sums: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%m, %v : memref<?x?xf32>, memref<?xf32>) outs(%out : memref<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%m : memref<?x?xf32>) outs(%sums : memref<?xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Left serial: an outer reduction loop (column sums: every row writes every
// output element), and an in-place update that reads its own buffer
// elsewhere than it writes (a transpose into itself: the order of the
// iterations matters). An in-place update read where it is written is
// parallel.

// CHECK-LABEL: func.func @serial
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK: scf.if
// CHECK: omp.parallel
// CHECK: } else {
// CHECK-NEXT: linalg.generic
func.func @serial(%m: memref<?x?xf32>, %sums: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%m : memref<?x?xf32>) outs(%sums : memref<?xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%m : memref<?x?xf32>) outs(%m : memref<?x?xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%m : memref<?x?xf32>) outs(%m : memref<?x?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  }
  return
}
