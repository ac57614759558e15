// RUN: pcc-opt %s --pcc-parallelize-loops --split-input-file | FileCheck %s
// RUN: pcc-opt %s --pcc-parallelize-loops=min-iterations=1000 --split-input-file | FileCheck --check-prefix=MIN %s
// RUN: pcc-opt %s --pcc-parallelize-loops --split-input-file --convert-scf-to-cf --convert-func-to-llvm --pcc-mark-noalias | FileCheck --check-prefix=LLVM %s
// RUN: pcc-opt %s --pcc-parallelize-loops=out-of-line-min-ops=2 --split-input-file | FileCheck --check-prefix=OUT %s
// RUN: pcc-opt %s --pcc-parallelize-loops=out-of-line-min-ops=2 --split-input-file --convert-scf-to-cf --convert-func-to-llvm | FileCheck --check-prefix=OUTLLVM %s

// An elementwise op: a parallel version over its outer loop, run when the
// nest has at least min-iterations iterations and the runtime has more
// than one thread; otherwise the op as it was. The work of one outer index
// is a private function that the worksharing loop calls; the memrefs that
// are distinct allocations are listed as its no-alias LLVM arguments
// (allocated and aligned pointer; a function argument may alias another).

// CHECK-LABEL: func.func private @pcc_rt_get_num_threads() -> i64
// CHECK: func.func private @elementwise_parallel0(%[[I:.*]]: index, %[[X:.*]]: memref<?xf32>, %[[Y:.*]]: memref<?xf32>) attributes {pcc.noalias_args = array<i64: 6, 7>}
// CHECK: %[[V:.*]] = memref.load %[[X]]
// CHECK: %[[W:.*]] = arith.mulf %[[V]], %[[V]] : f32
// CHECK-NEXT: memref.store %[[W]], %[[Y]]
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<?xf32>)
// CHECK-NEXT: %[[T:.*]] = call @pcc_rt_get_num_threads() : () -> i64
// CHECK: %[[B:.*]] = memref.alloc
// CHECK: %[[N:.*]] = memref.dim %[[A]]
// CHECK: %[[ITERS:.*]] = arith.muli %{{.*}}, %[[N]]
// CHECK: %[[BIG:.*]] = arith.cmpi sge, %[[ITERS]], %c32768
// CHECK: %[[SEVERAL:.*]] = arith.cmpi sgt, %[[T]], %c1_i64
// CHECK: %[[COND:.*]] = arith.andi %[[BIG]], %[[SEVERAL]]
// CHECK: scf.if %[[COND]] {
// CHECK: %[[T32:.*]] = arith.trunci %[[T]] : i64 to i32
// CHECK: omp.parallel num_threads(%[[T32]] : i32) {
// CHECK-NEXT: omp.wsloop {
// CHECK-NEXT: omp.loop_nest (%[[K:.*]]) : index = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT: func.call @elementwise_parallel0(%[[K]], %[[A]], %[[B]])
// CHECK-NEXT: omp.yield
// CHECK: omp.terminator
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// MIN: arith.cmpi sge, %{{.*}}, %c1000

// In a function with at least out-of-line-min-ops ops (2 here: any),
// the parallel region is a function of its own, internal and not inlined,
// which the scf.if calls.
// OUT: func.func private @elementwise_fork0(%[[FT:.*]]: i32, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[STEP:.*]]: index, %[[FA:.*]]: memref<?xf32>, %[[FB:.*]]: memref<?xf32>) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]} {
// OUT-NEXT: omp.parallel num_threads(%[[FT]] : i32) {
// OUT-NEXT: omp.wsloop {
// OUT-NEXT: omp.loop_nest (%[[K:.*]]) : index = (%[[LB]]) to (%[[UB]]) step (%[[STEP]]) {
// OUT-NEXT: func.call @elementwise_parallel0(%[[K]], %[[FA]], %[[FB]])
// OUT-NEXT: omp.yield
// OUT: omp.terminator
// OUT-NEXT: }
// OUT-NEXT: return
// OUT-LABEL: func.func @elementwise
// OUT-SAME: (%[[A:.*]]: memref<?xf32>)
// OUT: %[[B:.*]] = memref.alloc
// OUT: scf.if
// OUT: %[[DIM:.*]] = memref.dim %[[A]]
// OUT: %[[T32:.*]] = arith.trunci
// OUT-NEXT: func.call @elementwise_fork0(%[[T32]], %{{.*}}, %[[DIM]], %{{.*}}, %[[A]], %[[B]])
// OUT-NEXT: } else {
// OUT-NEXT: linalg.generic
// OUTLLVM: llvm.func internal @elementwise_fork0(
// OUTLLVM-SAME: passthrough = ["noinline"]
// pcc-mark-noalias: the listed pointers are noalias, the body internal.
// LLVM: llvm.func internal @elementwise_parallel0(%{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias},
// LLVM-NOT: pcc.noalias_args
func.func @elementwise(%a: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  %b = memref.alloc(%n) : memref<?xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%a : memref<?xf32>) outs(%b : memref<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %x : f32
    linalg.yield %y : f32
  }
  return %b : memref<?xf32>
}

// -----

// Two parallel loops (a row broadcast): the threads share the rows; each
// runs the inner loop of its rows. The iterations counted are all of the
// nest's. A row reduction is shared by rows too; its row loop runs the
// reduction loop in the serial order.

// CHECK-LABEL: func.func private @rows_parallel0
// CHECK-SAME: (%[[R:.*]]: index, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[ST:.*]]: index,
// CHECK-NEXT: scf.for %[[C:.*]] = %[[LB]] to %[[UB]] step %[[ST]] {
// CHECK: func.func private @rows_parallel1
// CHECK: scf.for
// CHECK: arith.addf
// CHECK-LABEL: func.func @rows
// CHECK: arith.muli
// CHECK: arith.muli
// CHECK: scf.if
// CHECK: func.call @rows_parallel0
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// CHECK: scf.if
// CHECK: func.call @rows_parallel1
// CHECK: } else {
// CHECK-NEXT: linalg.generic
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
// output element), an in-place update that reads its own buffer elsewhere
// than it writes (a transpose into itself: the order of the iterations
// matters), and a scatter whose outer index is not an index of its output
// (out[2 i + j]: iterations i and i + 1 may write one element). An in-place
// update read where it is written is parallel, and so is a scatter that
// keeps its outer index (a max-pool gradient: out[n, 2 i + j]).

// CHECK-LABEL: func.func @serial
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK: scf.if
// CHECK: omp.parallel
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// CHECK-NOT: omp.parallel
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : memref<?x2xf32>) outs(%{{.*}} : memref<?xf32>)
// CHECK: scf.if
// CHECK: omp.parallel
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// CHECK-SAME: ins(%{{.*}} : memref<?x4x2xf32>)
func.func @serial(%m: memref<?x?xf32>, %sums: memref<?xf32>, %p: memref<?x2xf32>,
                  %flat: memref<?xf32>, %g: memref<?x4x2xf32>) {
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
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0 * 2 + d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%p : memref<?x2xf32>) outs(%flat : memref<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d1 * 2 + d2)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%g : memref<?x4x2xf32>) outs(%m : memref<?x?xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// A buffer carried by a loop could be any buffer (here it starts as the
// allocation the op also writes): with it among the body's memrefs, none
// is marked no-alias.

// CHECK-LABEL: func.func private @carried_parallel0
// CHECK-SAME: attributes {pcc.noalias_args = array<i64>}
// The thread count is read once, at the function's entry, not in the loop.
// CHECK-LABEL: func.func @carried
// CHECK-NEXT: call @pcc_rt_get_num_threads()
// CHECK: scf.for
// CHECK-NOT: call @pcc_rt_get_num_threads
func.func @carried(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc(%n) : memref<?xf32>
  %b = memref.alloc(%n) : memref<?xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%cur = %a) -> memref<?xf32> {
    linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                    iterator_types = ["parallel"]}
        ins(%cur : memref<?xf32>) outs(%b : memref<?xf32>) {
    ^bb0(%x: f32, %o: f32):
      %y = arith.addf %x, %o : f32
      linalg.yield %y : f32
    }
    scf.yield %b : memref<?xf32>
  }
  return
}
