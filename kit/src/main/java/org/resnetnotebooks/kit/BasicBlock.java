package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.Objects;

/**
 * The two-layer "basic block" of He et al. (2015), section 4.2, in its plain and its residual form.
 *
 * <pre>
 *   plain:     out = ReLU( F(x) )            F(x) = BN(conv3x3( ReLU(BN(conv3x3(x))) ))
 *   residual:  out = ReLU( F(x) + s(x) )     s(x) = x, or a shortcut when the shape changes
 * </pre>
 *
 * <p>The first 3×3 convolution has the block's stride (1, or 2 where a stage halves the feature
 * map); the second has stride 1. Convolutions have no bias (the batch norm after each one has its
 * own shift β). When the shape changes (stride 2, or more channels), the residual form uses
 * the shortcut chosen by {@link Nets.Shortcut}: option A subsamples x with stride 2 and pads the
 * new channels with zeros (no parameters); option B is a 1×1 convolution with stride 2 followed
 * by batch norm (a projection). Option B's projection exists only in blocks with stride 2 (as in
 * the paper: "projection shortcuts are used for increasing dimensions").
 *
 * <p><b>Recording</b> (for {@link BlockProbe}): when {@link #setRecording(boolean)} is on, each
 * forward pass also measures the block's "responses" (He et al. 2015, Fig. 7: the standard
 * deviation of each 3×3 layer's output after BN and before the nonlinearity or the addition), and
 * the L2 norms of the residual branch F(x) and of what the shortcut adds. The output is computed
 * exactly the same way with recording on or off; recording only reads values (and therefore
 * waits for the engine, which costs time).
 *
 * <p>Why not DJL's {@code ResNetV1.residualUnit}: it returns a closed {@code ParallelBlock}, always
 * residual, with a projection shortcut, and with nothing to record (see {@link Nets}).
 */
public final class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int stride;
    private final boolean residual;
    private final Nets.Shortcut shortcut;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final SequentialBlock projection; // option B with stride 2 only, else null
    private String label = "block";
    private volatile boolean recording;
    private volatile Response last;

    /**
     * What one recorded forward pass measured. Standard deviations are over every element of the
     * batch (all images, channels and positions), as in Fig. 7 of He et al. (2015).
     *
     * @param label the block's label, e.g. "stage 2, block 1"
     * @param residual whether the block adds a shortcut
     * @param inputStd std of the block's input x
     * @param layer1Std std of the first 3×3 layer's output after BN (before ReLU)
     * @param branchStd std of F(x): the second 3×3 layer's output after BN (before the addition)
     * @param branchNorm L2 norm of F(x) over the batch
     * @param shortcutNorm L2 norm of the shortcut's output s(x) (x itself, or its subsampled,
     *     zero-padded or projected version); for a plain block the norm of x
     */
    public record Response(
            String label,
            boolean residual,
            double inputStd,
            double layer1Std,
            double branchStd,
            double branchNorm,
            double shortcutNorm) {

        /**
         * The size of the residual branch relative to the shortcut: ‖F(x)‖ / ‖s(x)‖.
         *
         * @return the ratio (NaN if the shortcut is all zeros)
         */
        public double relativeBranchNorm() {
            return shortcutNorm == 0 ? Double.NaN : branchNorm / shortcutNorm;
        }
    }

    /**
     * Creates a block; {@link Nets#basicBlock(int, int, boolean, Nets.Shortcut)} is the usual way.
     *
     * @param outChannels filters of both 3×3 convolutions
     * @param stride 1, or 2 to halve height and width
     * @param residual true for the residual form, false for the plain form
     * @param shortcut the shortcut used when shapes change (ignored by the plain form; may be null
     *     then)
     */
    BasicBlock(int outChannels, int stride, boolean residual, Nets.Shortcut shortcut) {
        super(VERSION);
        if (outChannels < 1) {
            throw new IllegalArgumentException("outChannels must be at least 1, got " + outChannels);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        if (residual) {
            Objects.requireNonNull(shortcut, "a residual block needs a shortcut option (A or B)");
        }
        this.outChannels = outChannels;
        this.stride = stride;
        this.residual = residual;
        this.shortcut = residual ? shortcut : null;
        conv1 = addChildBlock("conv1", Nets.conv3x3(outChannels, stride));
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", Nets.conv3x3(outChannels, 1));
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        if (residual && shortcut == Nets.Shortcut.B_PROJECTION && stride != 1) {
            projection =
                    addChildBlock(
                            "projection",
                            new SequentialBlock()
                                    .add(
                                            Conv2d.builder()
                                                    .setKernelShape(new Shape(1, 1))
                                                    .setFilters(outChannels)
                                                    .optStride(new Shape(stride, stride))
                                                    .optBias(false)
                                                    .build())
                                    .add(BatchNorm.builder().build()));
        } else {
            projection = null;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = conv1.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray z1 = bn1.forward(ps, new NDList(h), training).singletonOrThrow();
        h = Activation.relu(z1);
        h = conv2.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray f = bn2.forward(ps, new NDList(h), training).singletonOrThrow(); // F(x)
        NDArray s = residual ? shortcut(ps, x, training) : null;
        if (recording) {
            last =
                    new Response(
                            label,
                            residual,
                            std(x),
                            std(z1),
                            std(f),
                            l2(f),
                            l2(s != null ? s : x));
        }
        NDArray sum = residual ? f.add(s) : f;
        return new NDList(Activation.relu(sum));
    }

    /** s(x): x itself, or x brought to the output's shape (option A or B). */
    private NDArray shortcut(ParameterStore ps, NDArray x, boolean training) {
        long inChannels = x.getShape().get(1);
        if (stride == 1 && inChannels == outChannels) {
            return x; // the identity
        }
        if (projection != null) {
            return projection.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        // Option A: keep every second pixel, then append zero channels. No parameters.
        NDArray sub = stride == 1 ? x : x.get(new NDIndex(":, :, ::" + stride + ", ::" + stride));
        if (inChannels == outChannels) {
            return sub;
        }
        Shape s = sub.getShape();
        NDArray zeros =
                x.getManager()
                        .zeros(new Shape(s.get(0), outChannels - inChannels, s.get(2), s.get(3)),
                                x.getDataType(), x.getDevice());
        return sub.concat(zeros, 1);
    }

    private static double std(NDArray a) {
        float[] v = a.toFloatArray();
        double sum = 0;
        for (float f : v) {
            sum += f;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (float f : v) {
            sq += (f - mean) * (f - mean);
        }
        return Math.sqrt(sq / v.length);
    }

    private static double l2(NDArray a) {
        double sq = 0;
        for (float f : a.toFloatArray()) {
            sq += (double) f * f;
        }
        return Math.sqrt(sq);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = conv1.getOutputShapes(inputShapes);
        return conv2.getOutputShapes(shapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long inChannels = inputShapes[0].get(1);
        if (residual && shortcut == Nets.Shortcut.B_PROJECTION && stride == 1 && inChannels != outChannels) {
            throw new IllegalArgumentException(
                    "Option B projects only where a block has stride 2; this block has stride 1 but "
                            + inChannels + " input and " + outChannels + " output channels. Use"
                            + " stride 2 or option A.");
        }
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] shapes = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, shapes);
        conv2.initialize(manager, dataType, shapes);
        shapes = conv2.getOutputShapes(shapes);
        bn2.initialize(manager, dataType, shapes);
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes);
        }
    }

    /**
     * Turns recording of {@link #lastResponse()} on or off (off by default).
     *
     * @param on true to record every forward pass
     */
    public void setRecording(boolean on) {
        recording = on;
        if (!on) {
            last = null;
        }
    }

    /**
     * Tells whether recording is on.
     *
     * @return true if forward passes are measured
     */
    public boolean isRecording() {
        return recording;
    }

    /**
     * What the last forward pass measured while recording was on.
     *
     * @return the responses, or null if nothing was recorded since recording was turned on
     */
    public Response lastResponse() {
        return last;
    }

    /**
     * Sets the last batch norm's scale γ to zero: F(x) then starts as exactly 0 and a residual
     * block starts as ReLU(x) (the "zero-γ" initialisation, Goyal et al. 2017). Works before
     * initialisation (changes the initializer) and after (overwrites the values in place).
     */
    public void zeroLastGamma() {
        Parameter gamma = bn2.getParameters().get("gamma");
        gamma.setInitializer(Initializer.ZEROS);
        if (gamma.isInitialized()) {
            gamma.getArray().muli(0);
        }
    }

    /**
     * The batch norm that ends the residual branch F(x).
     *
     * @return the second batch norm
     */
    public BatchNorm lastBatchNorm() {
        return bn2;
    }

    /**
     * The two 3×3 convolutions, in order.
     *
     * @return conv1 and conv2
     */
    public Block[] convolutions() {
        return new Block[] {conv1, conv2};
    }

    /**
     * The option-B projection (1×1 convolution and batch norm), if this block has one.
     *
     * @return the projection, or null
     */
    public Block projection() {
        return projection;
    }

    /**
     * Whether this block adds a shortcut.
     *
     * @return true for the residual form
     */
    public boolean isResidual() {
        return residual;
    }

    /**
     * The block's stride.
     *
     * @return 1 or 2
     */
    public int stride() {
        return stride;
    }

    /**
     * The filters of both convolutions.
     *
     * @return the output channels
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * A readable name, used by {@link BlockProbe} and {@link Gradients#perBlock(Block)}.
     *
     * @return e.g. "stage 2, block 1"
     */
    public String label() {
        return label;
    }

    /**
     * Sets the readable name.
     *
     * @param value e.g. "stage 2, block 1"
     * @return this block
     */
    public BasicBlock setLabel(String value) {
        label = Objects.requireNonNull(value, "label");
        return this;
    }

    @Override
    public String toString() {
        return (residual ? "Residual" : "Plain") + "BasicBlock(" + outChannels + " filters, stride "
                + stride + (residual ? ", shortcut " + shortcut : "") + ")";
    }
}
