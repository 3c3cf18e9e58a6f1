package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The bottleneck block of He et al. (2015), Fig. 5 right, used by ResNet-50/101/152:
 * 1×1 conv (reduce to {@code width} channels) → BN → ReLU → 3×3 conv → BN → ReLU →
 * 1×1 conv (expand to {@code 4 × width}) → BN, plus the shortcut, then ReLU.
 *
 * <p>The 3×3 convolution works on {@code width} channels only, so a bottleneck block with
 * 256 channels in and out costs about as much as a basic block with 64. As in the paper, the
 * stride sits on the first 1×1 convolution; the shortcut is the identity when shapes match and a
 * 1×1 projection (option B) when they do not.
 */
public final class BottleneckBlock extends AbstractBlock {

    /** Output channels are this many times the bottleneck width. */
    public static final int EXPANSION = 4;

    private final int width;
    private final int stride;
    private final Conv2d reduce;
    private final BatchNorm bn1;
    private final Conv2d conv3x3;
    private final BatchNorm bn2;
    private final Conv2d expand;
    private final BatchNorm bn3;
    private final SequentialBlock projection; // null until a shape change needs it
    private final boolean projects;

    /**
     * @param width channels inside the bottleneck (the block outputs {@code 4 × width})
     * @param stride 1, or 2 to halve the spatial size
     * @param projects whether the shortcut is a 1×1 projection (true when the input shape differs)
     */
    public BottleneckBlock(int width, int stride, boolean projects) {
        super((byte) 1);
        if (width < 1 || (stride != 1 && stride != 2)) {
            throw new IllegalArgumentException("width must be >= 1 and stride 1 or 2; got " + width + ", " + stride);
        }
        this.width = width;
        this.stride = stride;
        this.projects = projects;
        reduce = addChildBlock("reduce", conv(width, 1, stride, 0));
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        conv3x3 = addChildBlock("conv3x3", conv(width, 3, 1, 1));
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        expand = addChildBlock("expand", conv(EXPANSION * width, 1, 1, 0));
        bn3 = addChildBlock("bn3", BatchNorm.builder().build());
        projection = projects
                ? addChildBlock("projection", new SequentialBlock()
                        .add(conv(EXPANSION * width, 1, stride, 0)).add(BatchNorm.builder().build()))
                : null;
    }

    static Conv2d conv(int filters, int kernel, int stride, int pad) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optBias(false).build();
    }

    /** @return the bottleneck width (channels of the 3×3 convolution) */
    public int width() {
        return width;
    }

    /** @return 1 or 2 */
    public int stride() {
        return stride;
    }

    /** @return the three convolutions in order: reduce 1×1, 3×3, expand 1×1 */
    public Conv2d[] convolutions() {
        return new Conv2d[] {reduce, conv3x3, expand};
    }

    /** @return the projection's 1×1 convolution, or null for an identity shortcut */
    public Conv2d projectionConv() {
        return projection == null ? null : (Conv2d) projection.getChildren().get(0).getValue();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = Activation.relu(bn1.forward(ps, reduce.forward(ps, new NDList(x), training), training).head());
        h = Activation.relu(bn2.forward(ps, conv3x3.forward(ps, new NDList(h), training), training).head());
        NDArray f = bn3.forward(ps, expand.forward(ps, new NDList(h), training), training).head();
        NDArray s = projection == null ? x : projection.forward(ps, new NDList(x), training).head();
        return new NDList(Activation.relu(f.add(s)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long size = (in.get(2) + stride - 1) / stride;
        return new Shape[] {new Shape(in.get(0), (long) EXPANSION * width, size, size)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (!projects && in.get(1) != (long) EXPANSION * width) {
            throw new IllegalArgumentException("an identity shortcut needs " + EXPANSION * width
                    + " input channels, got " + in.get(1) + ": build this block with projects = true");
        }
        Shape s = reduce.getOutputShapes(new Shape[] {in})[0];
        reduce.initialize(manager, dataType, in);
        bn1.initialize(manager, dataType, s);
        conv3x3.initialize(manager, dataType, s);
        Shape s2 = conv3x3.getOutputShapes(new Shape[] {s})[0];
        bn2.initialize(manager, dataType, s2);
        expand.initialize(manager, dataType, s2);
        bn3.initialize(manager, dataType, expand.getOutputShapes(new Shape[] {s2})[0]);
        if (projection != null) {
            projection.initialize(manager, dataType, in);
        }
    }
}
