// A character-level Elman RNN, unrolled over T = 16 characters: embedding
// (128 x 16), hidden state of 64 with tanh, a 128-way read-out at every
// step, cross-entropy against the next character. The input and
// recurrent weights are shared by all steps. Train it on a text, e.g. one
// of Debian's fortunes files:
//   ./build/bin/pcc test/Integration/Inputs/char-rnn.mlir -o char-rnn --mode=fixed-prediction
//   ./char-rnn train --format text --data /usr/share/games/fortunes/literature
func.func @loss(%ids: tensor<?x16xi64>, %next: tensor<?x16xi64>) -> tensor<f32> {
  %emb = nn.param "embed" normal(0.0, 0.3) seed 1 : tensor<128x16xf32>
  %wx = nn.param "rnn.wx" glorot_uniform seed 2 : tensor<16x64xf32>
  %wh = nn.param "rnn.wh" glorot_uniform seed 3 : tensor<64x64xf32>
  %bh = nn.param "rnn.bias" zeros seed 0 : tensor<64xf32>
  %wy = nn.param "out.weight" glorot_uniform seed 4 : tensor<64x128xf32>
  %by = nn.param "out.bias" zeros seed 0 : tensor<128xf32>
  %e = nn.embedding %ids, %emb : (tensor<?x16xi64>, tensor<128x16xf32>) -> tensor<?x16x16xf32>
  %s0 = nn.slice %e {offsets = array<i64: 0, 0, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x0 = nn.reshape %s0 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %u0 = nn.dense %x0, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %h0 = nn.tanh %u0 : tensor<?x64xf32>
  %o0 = nn.dense %h0, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z0 = nn.reshape %o0 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s1 = nn.slice %e {offsets = array<i64: 0, 1, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x1 = nn.reshape %s1 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i1 = nn.dense %x1, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r1 = nn.dense %h0, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u1 = nn.add %i1, %r1 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h1 = nn.tanh %u1 : tensor<?x64xf32>
  %o1 = nn.dense %h1, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z1 = nn.reshape %o1 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s2 = nn.slice %e {offsets = array<i64: 0, 2, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x2 = nn.reshape %s2 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i2 = nn.dense %x2, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r2 = nn.dense %h1, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u2 = nn.add %i2, %r2 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h2 = nn.tanh %u2 : tensor<?x64xf32>
  %o2 = nn.dense %h2, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z2 = nn.reshape %o2 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s3 = nn.slice %e {offsets = array<i64: 0, 3, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x3 = nn.reshape %s3 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i3 = nn.dense %x3, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r3 = nn.dense %h2, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u3 = nn.add %i3, %r3 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h3 = nn.tanh %u3 : tensor<?x64xf32>
  %o3 = nn.dense %h3, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z3 = nn.reshape %o3 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s4 = nn.slice %e {offsets = array<i64: 0, 4, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x4 = nn.reshape %s4 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i4 = nn.dense %x4, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r4 = nn.dense %h3, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u4 = nn.add %i4, %r4 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h4 = nn.tanh %u4 : tensor<?x64xf32>
  %o4 = nn.dense %h4, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z4 = nn.reshape %o4 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s5 = nn.slice %e {offsets = array<i64: 0, 5, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x5 = nn.reshape %s5 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i5 = nn.dense %x5, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r5 = nn.dense %h4, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u5 = nn.add %i5, %r5 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h5 = nn.tanh %u5 : tensor<?x64xf32>
  %o5 = nn.dense %h5, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z5 = nn.reshape %o5 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s6 = nn.slice %e {offsets = array<i64: 0, 6, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x6 = nn.reshape %s6 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i6 = nn.dense %x6, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r6 = nn.dense %h5, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u6 = nn.add %i6, %r6 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h6 = nn.tanh %u6 : tensor<?x64xf32>
  %o6 = nn.dense %h6, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z6 = nn.reshape %o6 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s7 = nn.slice %e {offsets = array<i64: 0, 7, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x7 = nn.reshape %s7 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i7 = nn.dense %x7, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r7 = nn.dense %h6, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u7 = nn.add %i7, %r7 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h7 = nn.tanh %u7 : tensor<?x64xf32>
  %o7 = nn.dense %h7, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z7 = nn.reshape %o7 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s8 = nn.slice %e {offsets = array<i64: 0, 8, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x8 = nn.reshape %s8 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i8 = nn.dense %x8, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r8 = nn.dense %h7, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u8 = nn.add %i8, %r8 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h8 = nn.tanh %u8 : tensor<?x64xf32>
  %o8 = nn.dense %h8, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z8 = nn.reshape %o8 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s9 = nn.slice %e {offsets = array<i64: 0, 9, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x9 = nn.reshape %s9 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i9 = nn.dense %x9, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r9 = nn.dense %h8, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u9 = nn.add %i9, %r9 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h9 = nn.tanh %u9 : tensor<?x64xf32>
  %o9 = nn.dense %h9, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z9 = nn.reshape %o9 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s10 = nn.slice %e {offsets = array<i64: 0, 10, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x10 = nn.reshape %s10 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i10 = nn.dense %x10, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r10 = nn.dense %h9, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u10 = nn.add %i10, %r10 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h10 = nn.tanh %u10 : tensor<?x64xf32>
  %o10 = nn.dense %h10, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z10 = nn.reshape %o10 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s11 = nn.slice %e {offsets = array<i64: 0, 11, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x11 = nn.reshape %s11 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i11 = nn.dense %x11, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r11 = nn.dense %h10, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u11 = nn.add %i11, %r11 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h11 = nn.tanh %u11 : tensor<?x64xf32>
  %o11 = nn.dense %h11, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z11 = nn.reshape %o11 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s12 = nn.slice %e {offsets = array<i64: 0, 12, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x12 = nn.reshape %s12 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i12 = nn.dense %x12, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r12 = nn.dense %h11, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u12 = nn.add %i12, %r12 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h12 = nn.tanh %u12 : tensor<?x64xf32>
  %o12 = nn.dense %h12, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z12 = nn.reshape %o12 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s13 = nn.slice %e {offsets = array<i64: 0, 13, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x13 = nn.reshape %s13 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i13 = nn.dense %x13, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r13 = nn.dense %h12, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u13 = nn.add %i13, %r13 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h13 = nn.tanh %u13 : tensor<?x64xf32>
  %o13 = nn.dense %h13, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z13 = nn.reshape %o13 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s14 = nn.slice %e {offsets = array<i64: 0, 14, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x14 = nn.reshape %s14 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i14 = nn.dense %x14, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r14 = nn.dense %h13, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u14 = nn.add %i14, %r14 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h14 = nn.tanh %u14 : tensor<?x64xf32>
  %o14 = nn.dense %h14, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z14 = nn.reshape %o14 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %s15 = nn.slice %e {offsets = array<i64: 0, 15, 0>, sizes = array<i64: -1, 1, 16>, strides = array<i64: 1, 1, 1>} : (tensor<?x16x16xf32>) -> tensor<?x1x16xf32>
  %x15 = nn.reshape %s15 : (tensor<?x1x16xf32>) -> tensor<?x16xf32>
  %i15 = nn.dense %x15, %wx, %bh : (tensor<?x16xf32>, tensor<16x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r15 = nn.dense %h14, %wh : (tensor<?x64xf32>, tensor<64x64xf32>) -> tensor<?x64xf32>
  %u15 = nn.add %i15, %r15 : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  %h15 = nn.tanh %u15 : tensor<?x64xf32>
  %o15 = nn.dense %h15, %wy, %by : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %z15 = nn.reshape %o15 : (tensor<?x128xf32>) -> tensor<?x1x128xf32>
  %logits = nn.concat %z0, %z1, %z2, %z3, %z4, %z5, %z6, %z7, %z8, %z9, %z10, %z11, %z12, %z13, %z14, %z15 {axis = 1 : i64} : (tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>, tensor<?x1x128xf32>) -> tensor<?x16x128xf32>
  %l = nn.cross_entropy %logits, %next : (tensor<?x16x128xf32>, tensor<?x16xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
