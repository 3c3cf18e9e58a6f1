// Reference solutions for notebooks/02-the-residual-block.ipynb
//== exercise 02.1 ==
// Two 3x3 convolutions 64 -> 64 without bias: 2 * (3 * 3 * 64 * 64) = 73,728 weights.
// Two batch norms over 64 channels: 2 * (64 gamma + 64 beta) = 256. The identity shortcut: 0.
double myCount = 2 * 9 * 64 * 64 + 2 * 2 * 64;   // 73,984

//== exercise 02.2 ==
// 1x1 convolution 32 -> 64 with stride 2 (2,048 weights, no bias), then BN over 64 channels (128).
Block myProjection = new SequentialBlock()
        .add(Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(64)
                .optStride(new Shape(2, 2))
                .optBias(false)
                .build())
        .add(BatchNorm.builder().build());

//== exercise 02.3 ==
// Read it off the chart, or let the code find the lowest bar "after training":
int smallestBlock = 1;
for (BlockResponse r : resTrained) {
    if (r.residualRatio() < resTrained.get(smallestBlock - 1).residualRatio()) smallestBlock = r.block();
}
