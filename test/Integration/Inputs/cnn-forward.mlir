// A LeNet-style convolutional network for 28x28 grey images (Fashion-MNIST):
// conv 5x5 (6) - relu - maxpool 2 - conv 5x5 (16) - relu - maxpool 2 -
// dense 120 - relu - dense 84 - relu - dense 10 - softmax.
// Run its forward pass natively:
//   ./build/bin/pcc test/Integration/Inputs/cnn-forward.mlir -o cnn && ./cnn forward --count 4
func.func @forward(%x: tensor<?x1x28x28xf32>) -> tensor<?x10xf32> {
  %w1 = nn.param "conv1.weight" he_uniform seed 11 : tensor<6x1x5x5xf32>
  %b1 = nn.param "conv1.bias" zeros seed 0 : tensor<6xf32>
  %c1 = nn.conv2d %x, %w1, %b1 {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
  %r1 = nn.relu %c1 : tensor<?x6x28x28xf32>
  %p1 = nn.max_pool2d %r1 {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  %w2 = nn.param "conv2.weight" he_uniform seed 12 : tensor<16x6x5x5xf32>
  %b2 = nn.param "conv2.bias" zeros seed 0 : tensor<16xf32>
  %c2 = nn.conv2d %p1, %w2, %b2 : (tensor<?x6x14x14xf32>, tensor<16x6x5x5xf32>, tensor<16xf32>) -> tensor<?x16x10x10xf32>
  %r2 = nn.relu %c2 : tensor<?x16x10x10xf32>
  %p2 = nn.max_pool2d %r2 {kernel = array<i64: 2, 2>} : (tensor<?x16x10x10xf32>) -> tensor<?x16x5x5xf32>
  %f = nn.flatten %p2 : (tensor<?x16x5x5xf32>) -> tensor<?x400xf32>
  %w3 = nn.param "fc1.weight" glorot_uniform seed 13 : tensor<400x120xf32>
  %b3 = nn.param "fc1.bias" zeros seed 0 : tensor<120xf32>
  %h3 = nn.dense %f, %w3, %b3 : (tensor<?x400xf32>, tensor<400x120xf32>, tensor<120xf32>) -> tensor<?x120xf32>
  %a3 = nn.relu %h3 : tensor<?x120xf32>
  %w4 = nn.param "fc2.weight" glorot_uniform seed 14 : tensor<120x84xf32>
  %b4 = nn.param "fc2.bias" zeros seed 0 : tensor<84xf32>
  %h4 = nn.dense %a3, %w4, %b4 : (tensor<?x120xf32>, tensor<120x84xf32>, tensor<84xf32>) -> tensor<?x84xf32>
  %a4 = nn.relu %h4 : tensor<?x84xf32>
  %w5 = nn.param "fc3.weight" glorot_uniform seed 15 : tensor<84x10xf32>
  %b5 = nn.param "fc3.bias" zeros seed 0 : tensor<10xf32>
  %y = nn.dense %a4, %w5, %b5 : (tensor<?x84xf32>, tensor<84x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %p = nn.softmax %y : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}
