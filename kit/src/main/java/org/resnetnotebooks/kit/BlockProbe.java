package org.resnetnotebooks.kit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures how large each block's residual branch F(x) is compared with its input, during a
 * forward pass: He et al. (2015), Fig. 7 ("layer responses": the standard deviation of each 3×3
 * layer's output after batch norm, before the nonlinearity or the addition).
 *
 * <p>The paper's finding: in residual nets these responses are generally smaller than in plain
 * nets, and smaller for deeper ResNets: each block changes its input only a little.
 *
 * <pre>{@code
 * List<BasicBlock.Response> r = BlockProbe.measure(net, images);   // one inference-mode pass
 * System.out.println(BlockProbe.table(r).printAll());               // or chart it
 * }</pre>
 *
 * <p>To measure during training instead, turn recording on with {@link #setRecording(Block,
 * boolean)}, run the training step, and read {@link #lastResponses(Block)} (then turn it off). Recording never changes
 * what the net computes; it only reads values (which makes each step slower).
 */
public final class BlockProbe {

    private BlockProbe() {}

    /**
     * Runs one forward pass in inference mode (batch norm uses its running statistics; nothing in
     * the net changes) with recording on, and returns each basic block's responses.
     *
     * @param net an initialised net built from {@link BasicBlock}s (e.g. by {@link Nets})
     * @param input a batch of inputs, e.g. (64, 1, 28, 28)
     * @return one response per basic block, in network order
     * @throws IllegalArgumentException if the net has no basic blocks or is not initialised
     */
    public static List<BasicBlock.Response> measure(Block net, NDArray input) {
        return measure(net, input, false);
    }

    /**
     * Runs one forward pass with recording on and returns each basic block's responses.
     *
     * @param net an initialised net built from {@link BasicBlock}s
     * @param input a batch of inputs
     * @param training true to use batch statistics in batch norm (as in a training step); note
     *     that a training-mode pass also updates batch norm's running mean and variance, as any
     *     training step does
     *     <p>Call it between training steps, not inside an open {@code GradientCollector}.
     * @return one response per basic block, in network order
     */
    public static List<BasicBlock.Response> measure(Block net, NDArray input, boolean training) {
        List<BasicBlock> blocks = Nets.basicBlocks(net);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("This net has no BasicBlock to probe (build it with Nets).");
        }
        if (!net.isInitialized()) {
            throw new IllegalArgumentException(
                    "The net is not initialised yet: create a trainer (trainer.initialize(shape)) first.");
        }
        boolean[] was = new boolean[blocks.size()];
        for (int i = 0; i < was.length; i++) {
            was[i] = blocks.get(i).isRecording();
            blocks.get(i).setRecording(true);
        }
        try {
            if (training) {
                // MXNet runs batch norm in training mode only while a GradientCollector is open.
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    forwardPiecewise(net, input, true);
                }
            } else {
                forwardPiecewise(net, input, false);
            }
            List<BasicBlock.Response> out = new ArrayList<>();
            for (BasicBlock b : blocks) {
                out.add(b.lastResponse());
            }
            return out;
        } finally {
            for (int i = 0; i < was.length; i++) {
                blocks.get(i).setRecording(was[i]);
            }
            NativeMemory.release();
        }
    }

    /**
     * One forward pass, one top-level child of the net at a time, each in its own scope: a pass
     * keeps every layer's output until its arrays are closed (inside a GradientCollector, the
     * recorded graph keeps them too), so a whole-net pass over 500 images held about 1 GB. Each
     * child's output is copied out as plain numbers and becomes the next child's fresh input, so
     * memory holds one child's arrays at a time. The numbers are those of a whole-net pass.
     */
    static void forwardPiecewise(Block net, NDArray input, boolean training) {
        List<Block> children = net instanceof ai.djl.nn.SequentialBlock
                ? net.getChildren().values() : List.of(net);
        float[] next = input.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        ai.djl.ndarray.types.Shape shape = input.getShape();
        for (Block child : children) {
            try (NDManager scope = input.getManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray out = child.forward(ps, new NDList(scope.create(next, shape)), training).head();
                next = out.toFloatArray();
                shape = out.getShape();
            }
        }
    }

    /**
     * Turns recording on or off in every basic block of a net.
     *
     * @param net the net
     * @param on true to record every forward pass
     */
    public static void setRecording(Block net, boolean on) {
        for (BasicBlock b : Nets.basicBlocks(net)) {
            b.setRecording(on);
        }
    }

    /**
     * The responses of the last forward pass recorded in each basic block.
     *
     * @param net the net
     * @return one entry per basic block, in network order (null where nothing was recorded)
     */
    public static List<BasicBlock.Response> lastResponses(Block net) {
        List<BasicBlock.Response> out = new ArrayList<>();
        for (BasicBlock b : Nets.basicBlocks(net)) {
            out.add(b.lastResponse());
        }
        return out;
    }

    /**
     * The responses as a table for charts: columns "block" (1, 2, ...), "label", "residual",
     * "input std", "layer 1 std", "layer 2 std" (= std of F(x)), "‖F(x)‖", "‖shortcut‖" and
     * "‖F(x)‖ / ‖shortcut‖".
     *
     * @param responses from {@link #measure(Block, NDArray)}
     * @return a new table
     */
    public static Table table(List<BasicBlock.Response> responses) {
        IntColumn index = IntColumn.create("block");
        StringColumn label = StringColumn.create("label");
        BooleanColumn residual = BooleanColumn.create("residual");
        DoubleColumn inStd = DoubleColumn.create("input std");
        DoubleColumn l1 = DoubleColumn.create("layer 1 std");
        DoubleColumn l2 = DoubleColumn.create("layer 2 std");
        DoubleColumn fNorm = DoubleColumn.create("‖F(x)‖");
        DoubleColumn sNorm = DoubleColumn.create("‖shortcut‖");
        DoubleColumn ratio = DoubleColumn.create("‖F(x)‖ / ‖shortcut‖");
        int i = 1;
        for (BasicBlock.Response r : responses) {
            index.append(i++);
            if (r == null) {
                label.append("(not recorded)");
                residual.appendMissing();
                inStd.appendMissing();
                l1.appendMissing();
                l2.appendMissing();
                fNorm.appendMissing();
                sNorm.appendMissing();
                ratio.appendMissing();
                continue;
            }
            label.append(r.label());
            residual.append(r.residual());
            inStd.append(r.inputStd());
            l1.append(r.layer1Std());
            l2.append(r.branchStd());
            fNorm.append(r.branchNorm());
            sNorm.append(r.shortcutNorm());
            ratio.append(r.relativeBranchNorm());
        }
        return Table.create("block responses", index, label, residual, inStd, l1, l2, fNorm, sNorm, ratio);
    }
}
