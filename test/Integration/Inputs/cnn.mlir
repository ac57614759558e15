// A LeNet-style convolutional net for Fashion-MNIST: conv 5x5 (6) - relu -
// max pool 2 - conv 5x5 (16) - relu - max pool 2 - dense 120 - relu -
// dense 10, softmax cross-entropy. Train it with predictive coding:
//   ./build/bin/pcc test/Integration/Inputs/cnn.mlir -o cnn --mode=fixed-prediction
//   ./cnn train --epochs 1 --optimizer adam --lr 0.001
func.func @loss(%x: tensor<?x1x28x28xf32>, %labels: tensor<?xi64>) -> tensor<f32> {
  %k1 = nn.param "conv1.weight" he_uniform seed 1 : tensor<6x1x5x5xf32>
  %c1 = nn.param "conv1.bias" zeros seed 0 : tensor<6xf32>
  %k2 = nn.param "conv2.weight" he_uniform seed 2 : tensor<16x6x5x5xf32>
  %c2 = nn.param "conv2.bias" zeros seed 0 : tensor<16xf32>
  %w3 = nn.param "fc1.weight" glorot_uniform seed 3 : tensor<256x120xf32>
  %b3 = nn.param "fc1.bias" zeros seed 0 : tensor<120xf32>
  %w4 = nn.param "fc2.weight" glorot_uniform seed 4 : tensor<120x10xf32>
  %b4 = nn.param "fc2.bias" zeros seed 0 : tensor<10xf32>
  %v1 = nn.conv2d %x, %k1, %c1 : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x24x24xf32>
  %r1 = nn.relu %v1 : tensor<?x6x24x24xf32>
  %p1 = nn.max_pool2d %r1 {kernel = array<i64: 2, 2>} : (tensor<?x6x24x24xf32>) -> tensor<?x6x12x12xf32>
  %v2 = nn.conv2d %p1, %k2, %c2 : (tensor<?x6x12x12xf32>, tensor<16x6x5x5xf32>, tensor<16xf32>) -> tensor<?x16x8x8xf32>
  %r2 = nn.relu %v2 : tensor<?x16x8x8xf32>
  %p2 = nn.max_pool2d %r2 {kernel = array<i64: 2, 2>} : (tensor<?x16x8x8xf32>) -> tensor<?x16x4x4xf32>
  %f = nn.flatten %p2 : (tensor<?x16x4x4xf32>) -> tensor<?x256xf32>
  %h = nn.dense %f, %w3, %b3 : (tensor<?x256xf32>, tensor<256x120xf32>, tensor<120xf32>) -> tensor<?x120xf32>
  %a = nn.relu %h : tensor<?x120xf32>
  %logits = nn.dense %a, %w4, %b4 : (tensor<?x120xf32>, tensor<120x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %l = nn.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
